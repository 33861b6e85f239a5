// The dependency graph of a blastradius catalog. Load it into Neo4j with
// cypher-shell -f FILE. (:Node)-[:HARD|SOFT|IMPLIED]->(:Node) runs from a
// dependent to its dependency; every node has the label Node and one of
// Customer, Provider, Region, Zone, Service.
CREATE CONSTRAINT blastradius_node_ref IF NOT EXISTS FOR (n:Node) REQUIRE n.ref IS UNIQUE;
UNWIND [
  {ref: 'cloud', kind: 'provider', name: 'Cloud <"&\'> \\ back', provider: 'cloud', sources: ['https://example.com/cloud?x=1&y=<2>'], confidence: 'fact'}
] AS p
MERGE (n:Node:Provider {ref: p.ref})
SET n = p;
UNWIND [
  {ref: 'cloud@east', kind: 'region', name: 'East Coast /* -- */', provider: 'cloud', region: 'east'},
  {ref: 'cloud@west', kind: 'region', provider: 'cloud', region: 'west'}
] AS p
MERGE (n:Node:Region {ref: p.ref})
SET n = p;
UNWIND [
  {ref: 'cloud@east-a', kind: 'zone', provider: 'cloud', region: 'east', zone: 'east-a'},
  {ref: 'cloud@east-b', kind: 'zone', provider: 'cloud', region: 'east', zone: 'east-b'},
  {ref: 'cloud@west-a', kind: 'zone', provider: 'cloud', region: 'west', zone: 'west-a'}
] AS p
MERGE (n:Node:Zone {ref: p.ref})
SET n = p;
UNWIND [
  {ref: 'cloud/db@east', kind: 'service', provider: 'cloud', region: 'east', service: 'db', scope: 'regional'},
  {ref: 'cloud/db@west', kind: 'service', provider: 'cloud', region: 'west', service: 'db', scope: 'regional'},
  {ref: 'cloud/iam', kind: 'service', provider: 'cloud', service: 'iam', scope: 'global', sources: ['it\'s \\ "iam"', 'AWS PES 2021-12-10'], confidence: 'inferred'},
  {ref: 'cloud/vm@east', kind: 'service', provider: 'cloud', region: 'east', service: 'vm', scope: 'zonal', view: true},
  {ref: 'cloud/vm@east-a', kind: 'service', provider: 'cloud', region: 'east', zone: 'east-a', service: 'vm', scope: 'zonal'},
  {ref: 'cloud/vm@east-b', kind: 'service', provider: 'cloud', region: 'east', zone: 'east-b', service: 'vm', scope: 'zonal'},
  {ref: 'cloud/vm@west', kind: 'service', provider: 'cloud', region: 'west', service: 'vm', scope: 'zonal', view: true},
  {ref: 'cloud/vm@west-a', kind: 'service', provider: 'cloud', region: 'west', zone: 'west-a', service: 'vm', scope: 'zonal'}
] AS p
MERGE (n:Node:Service {ref: p.ref})
SET n = p;
UNWIND [
  {ref: 'o\'neil"<&>\\', kind: 'customer', name: 'Zürich — 東京 🚀 \u202Ertl nbsp', weight: 2.5},
  {ref: 'shop', kind: 'customer', name: '\' OR 1=1 // }); MATCH (n) DETACH DELETE n; //', weight: 1.0, confidence: 'guess'}
] AS p
MERGE (n:Node:Customer {ref: p.ref})
SET n = p;
UNWIND [
  {src: 'cloud/db@east', dst: 'cloud@east', p: {kind: 'implied'}},
  {src: 'cloud/db@west', dst: 'cloud@west', p: {kind: 'implied'}},
  {src: 'cloud/iam', dst: 'cloud', p: {kind: 'implied'}},
  {src: 'cloud/vm@east', dst: 'cloud/vm@east-a', p: {kind: 'implied', group: 'cloud/vm@east#1', group_op: 'any_of', group_k: 1, group_n: 2}},
  {src: 'cloud/vm@east', dst: 'cloud/vm@east-b', p: {kind: 'implied', group: 'cloud/vm@east#1', group_op: 'any_of', group_k: 1, group_n: 2}},
  {src: 'cloud/vm@east-a', dst: 'cloud@east-a', p: {kind: 'implied'}},
  {src: 'cloud/vm@east-b', dst: 'cloud@east-b', p: {kind: 'implied'}},
  {src: 'cloud/vm@west', dst: 'cloud/vm@west-a', p: {kind: 'implied', group: 'cloud/vm@west#1', group_op: 'any_of', group_k: 1, group_n: 1}},
  {src: 'cloud/vm@west-a', dst: 'cloud@west-a', p: {kind: 'implied'}},
  {src: 'cloud@east', dst: 'cloud', p: {kind: 'implied'}},
  {src: 'cloud@east-a', dst: 'cloud@east', p: {kind: 'implied'}},
  {src: 'cloud@east-b', dst: 'cloud@east', p: {kind: 'implied'}},
  {src: 'cloud@west', dst: 'cloud', p: {kind: 'implied'}},
  {src: 'cloud@west-a', dst: 'cloud@west', p: {kind: 'implied'}}
] AS r
MATCH (a:Node {ref: r.src}), (b:Node {ref: r.dst})
MERGE (a)-[e:IMPLIED]->(b)
SET e = r.p;
UNWIND [
  {src: 'cloud/db@east', dst: 'cloud/vm@east', p: {kind: 'hard', sources: ['https://example.com/a?b=1&c=<2>', 'it\'s "quoted" \\ ]]>'], confidence: 'fact'}},
  {src: 'cloud/db@west', dst: 'cloud/vm@west', p: {kind: 'hard', sources: ['https://example.com/a?b=1&c=<2>', 'it\'s "quoted" \\ ]]>'], confidence: 'fact'}},
  {src: 'o\'neil"<&>\\', dst: 'cloud/db@east', p: {kind: 'hard', group: 'o\'neil"<&>\\#1.1', group_op: 'all_of', group_k: 2, group_n: 2, group_parent: 'o\'neil"<&>\\#1', sources: ['design review 2024 -- /* not a comment */ // nor this'], confidence: 'guess'}},
  {src: 'o\'neil"<&>\\', dst: 'cloud/db@west', p: {kind: 'hard', group: 'o\'neil"<&>\\#1.2', group_op: 'all_of', group_k: 2, group_n: 2, group_parent: 'o\'neil"<&>\\#1', sources: ['design review 2024 -- /* not a comment */ // nor this'], confidence: 'guess'}},
  {src: 'o\'neil"<&>\\', dst: 'cloud/iam', p: {kind: 'hard', group: 'o\'neil"<&>\\#2', group_op: 'quorum', group_k: 2, group_n: 3, sources: ['design review 2024 -- /* not a comment */ // nor this'], confidence: 'guess'}},
  {src: 'o\'neil"<&>\\', dst: 'cloud/vm@east', p: {kind: 'hard', group: 'o\'neil"<&>\\#1.1', group_op: 'all_of', group_k: 2, group_n: 2, group_parent: 'o\'neil"<&>\\#1'}},
  {src: 'o\'neil"<&>\\', dst: 'cloud/vm@west', p: {kind: 'hard', group: 'o\'neil"<&>\\#1.2', group_op: 'all_of', group_k: 2, group_n: 2, group_parent: 'o\'neil"<&>\\#1'}},
  {src: 'shop', dst: 'cloud/db@east', p: {kind: 'hard'}},
  {src: 'shop', dst: 'o\'neil"<&>\\', p: {kind: 'hard'}}
] AS r
MATCH (a:Node {ref: r.src}), (b:Node {ref: r.dst})
MERGE (a)-[e:HARD]->(b)
SET e = r.p;
UNWIND [
  {src: 'cloud/iam', dst: 'cloud@east', p: {kind: 'soft'}},
  {src: 'shop', dst: 'cloud/iam', p: {kind: 'soft'}}
] AS r
MATCH (a:Node {ref: r.src}), (b:Node {ref: r.dst})
MERGE (a)-[e:SOFT]->(b)
SET e = r.p;
