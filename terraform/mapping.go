package terraform

import (
	"fmt"

	"github.com/blastradius/blastradius/catalog"
	"slices"
	"strings"
)

// Mapping documents how resources of one Terraform type map to the
// bundled models: the ref they depend on (REGION and ZONE stand for their
// location) and what the mapping decides beyond that.
type Mapping struct {
	Type     string // the resource type, such as aws_instance
	Provider string // the bundled model: aws, gcp or azure
	Ref      string // such as aws/ec2@ZONE
	Note     string // how the location is found, and what is approximated
	fn       func(*env, *resource) (target, string)
}

// Mappings returns the table of resource types Import maps, sorted by
// type. A type that is not in it is reported as unmapped.
func Mappings() []Mapping {
	ms := append(append(awsMappings(), gcpMappings()...), azureMappings()...)
	slices.SortFunc(ms, func(a, b Mapping) int { return strings.Compare(a.Type, b.Type) })
	return ms
}

// regionalMap is the mapping of a type to a regional service in the
// region of the resource; an empty note says where the region comes from.
func regionalMap(typ, prov, svc, note string) Mapping {
	if note == "" {
		note = "the region (see Regions and zones)"
	}
	return Mapping{Type: typ, Provider: prov, Ref: prov + "/" + svc + "@REGION", Note: note,
		fn: func(e *env, r *resource) (target, string) { return e.regional(r, prov, svc) }}
}

// globalMap is the mapping of a type to a global service.
func globalMap(typ, prov, svc, note string) Mapping {
	return Mapping{Type: typ, Provider: prov, Ref: prov + "/" + svc, Note: note,
		fn: func(e *env, _ *resource) (target, string) { return e.global(prov, svc) }}
}

func awsMappings() []Mapping {
	zonal := func(typ, svc, note string) Mapping {
		return Mapping{Type: typ, Provider: "aws", Ref: "aws/" + svc + "@ZONE", Note: note,
			fn: func(e *env, r *resource) (target, string) { return e.awsZonal(r, svc, "availability_zone") }}
	}
	regional := func(typ, svc, note string) Mapping { return regionalMap(typ, "aws", svc, note) }
	ms := []Mapping{
		zonal("aws_instance", "ec2", "AZ ID from `availability_zone_id`, its subnet's, or `--zone-map`; an AZ name alone gives the regional view `aws/ec2@REGION`, noted"),
		zonal("aws_ebs_volume", "ebs", "as aws_instance"),
		{Type: "aws_nat_gateway", Provider: "aws", Ref: "aws/nat-gateway@ZONE", Note: "the AZ of its subnet; else the regional view, noted",
			fn: func(e *env, r *resource) (target, string) { return e.awsZonal(r, "nat-gateway", "availability_zone") }},
		{Type: "aws_db_instance", Provider: "aws", Ref: "aws/rds@REGION (multi_az) or aws/rds@ZONE",
			Note: "`multi_az = true` fails over between AZs: the regional view, any_of the zones; a single-AZ instance: its AZ as for aws_instance",
			fn: func(e *env, r *resource) (target, string) {
				if boolean(r.Values, "multi_az") {
					return e.regional(r, "aws", "rds")
				}
				return e.awsZonal(r, "rds", "availability_zone")
			}},
		regional("aws_rds_cluster", "rds", "Aurora and Multi-AZ clusters span AZs: the regional view"),
		regional("aws_lambda_function", "lambda", ""),
		regional("aws_s3_bucket", "s3", "the bucket's `region`"),
		regional("aws_dynamodb_table", "dynamodb", "the table's home region (global-table replicas are not followed)"),
		regional("aws_lb", "elb", ""),
		regional("aws_alb", "elb", ""),
		regional("aws_elb", "elb", ""),
		regional("aws_sqs_queue", "sqs", ""),
		regional("aws_sns_topic", "sns", ""),
		regional("aws_eks_cluster", "eks", ""),
		regional("aws_eks_node_group", "eks", ""),
		regional("aws_ecs_cluster", "ecs", ""),
		{Type: "aws_ecs_service", Provider: "aws", Ref: "aws/fargate@REGION or aws/ecs@REGION", Note: "`launch_type = FARGATE`: Fargate; otherwise ECS",
			fn: func(e *env, r *resource) (target, string) {
				if strings.EqualFold(str(r.Values, "launch_type"), "FARGATE") {
					return e.regional(r, "aws", "fargate")
				}
				return e.regional(r, "aws", "ecs")
			}},
		regional("aws_elasticache_cluster", "elasticache", "cache nodes are zonal, but a cluster may spread them: the regional view"),
		regional("aws_elasticache_replication_group", "elasticache", "the regional view (replicas across AZs)"),
		regional("aws_autoscaling_group", "ec2", "instances across the group's AZs: the regional view of EC2"),
		regional("aws_kinesis_stream", "kinesis", ""),
		regional("aws_kinesis_firehose_delivery_stream", "firehose", ""),
		regional("aws_api_gateway_rest_api", "apigateway", ""),
		regional("aws_apigatewayv2_api", "apigateway", ""),
		regional("aws_efs_file_system", "efs", ""),
		regional("aws_kms_key", "kms", ""),
		regional("aws_secretsmanager_secret", "secrets-manager", ""),
		regional("aws_opensearch_domain", "opensearch", ""),
		regional("aws_elasticsearch_domain", "opensearch", ""),
		regional("aws_redshift_cluster", "redshift", ""),
		regional("aws_msk_cluster", "msk", ""),
		regional("aws_sfn_state_machine", "step-functions", ""),
		regional("aws_cognito_user_pool", "cognito", ""),
		regional("aws_ecr_repository", "ecr", ""),
		globalMap("aws_cloudfront_distribution", "aws", "cloudfront", "global"),
		globalMap("aws_route53_zone", "aws", "route53", "global"),
		globalMap("aws_route53_record", "aws", "route53", "global"),
	}
	return ms
}

func gcpMappings() []Mapping {
	regional := func(typ, svc, note string) Mapping { return regionalMap(typ, "gcp", svc, note) }
	zonalOrRegional := func(typ, svc, note string) Mapping {
		return Mapping{Type: typ, Provider: "gcp", Ref: "gcp/" + svc + "@ZONE or @REGION", Note: note,
			fn: func(e *env, r *resource) (target, string) {
				loc := strings.ToLower(str(r.Values, "location"))
				if loc == "" {
					loc = str(r.Values, "zone")
				}
				if e.is("gcp", loc, catalog.KindZone) {
					return e.ref("gcp/" + svc + "@" + loc)
				}
				return e.regional(r, "gcp", svc)
			}}
	}
	return []Mapping{
		{Type: "google_compute_instance", Provider: "gcp", Ref: "gcp/compute@ZONE", Note: "`zone`",
			fn: func(e *env, r *resource) (target, string) {
				return e.zonal(r, "gcp", "compute", str(r.Values, "zone"), "")
			}},
		{Type: "google_compute_instance_group_manager", Provider: "gcp", Ref: "gcp/compute@ZONE", Note: "`zone`",
			fn: func(e *env, r *resource) (target, string) {
				return e.zonal(r, "gcp", "compute", str(r.Values, "zone"), "")
			}},
		regional("google_compute_region_instance_group_manager", "compute", "`region`: the regional view, any_of its zones"),
		{Type: "google_sql_database_instance", Provider: "gcp", Ref: "gcp/cloud-sql@REGION or gcp/compute@ZONE",
			Note: "`settings.availability_type = REGIONAL` (HA): Cloud SQL in the region; ZONAL: `gcp/compute` in the zone of `settings.location_preference.zone`, as the model's README advises",
			fn: func(e *env, r *resource) (target, string) {
				s := block(r.Values, "settings")
				if s != nil && strings.EqualFold(str(s, "availability_type"), "ZONAL") {
					return e.zonal(r, "gcp", "compute", str(block(s, "location_preference"), "zone"), "a zonal Cloud SQL instance whose zone is not known")
				}
				return e.regional(r, "gcp", "cloud-sql")
			}},
		{Type: "google_storage_bucket", Provider: "gcp", Ref: "gcp/cloud-storage@REGION, or any_of its regions",
			Note: "`location`: a region; a dual-region by `custom_placement_config.data_locations` or the predefined NAM4, EUR4, ASIA1: any_of the two; multi-regions (US, EU, ASIA) are unmapped (member regions not published)",
			fn: func(e *env, r *resource) (target, string) {
				if locs := stringList(block(r.Values, "custom_placement_config"), "data_locations"); len(locs) > 0 {
					return e.inRegions("gcp", "cloud-storage", locs)
				}
				loc := strings.ToUpper(str(r.Values, "location"))
				if pair := gcpDualRegion(loc); pair != nil {
					return e.inRegions("gcp", "cloud-storage", pair)
				}
				if loc == "US" || loc == "EU" || loc == "ASIA" {
					return target{}, fmt.Sprintf("multi-region location %s: Google does not publish its member regions; depend on any_of the regions you expect", loc)
				}
				return e.regional(r, "gcp", "cloud-storage")
			}},
		regional("google_cloud_run_service", "cloud-run", "`location`"),
		regional("google_cloud_run_v2_service", "cloud-run", "`location`"),
		regional("google_cloudfunctions_function", "cloud-functions", "`region`"),
		regional("google_cloudfunctions2_function", "cloud-functions", "`location`"),
		zonalOrRegional("google_container_cluster", "gke", "`location`: a zone (zonal cluster) or a region (regional cluster: the regional view)"),
		zonalOrRegional("google_container_node_pool", "gke", "as google_container_cluster"),
		regional("google_redis_instance", "memorystore", "`region`"),
		regional("google_artifact_registry_repository", "artifact-registry", "`location` (a multi-region is unmapped)"),
		regional("google_kms_key_ring", "cloud-kms", "`location` (a multi-region is unmapped)"),
		regional("google_firestore_database", "firestore", "`location_id` (a multi-region is unmapped)"),
		{Type: "google_bigquery_dataset", Provider: "gcp", Ref: "gcp/bigquery@REGION",
			Note: "`location`; US and EU are unmapped (stored in one region that the state does not name)",
			fn: func(e *env, r *resource) (target, string) {
				loc := strings.ToUpper(str(r.Values, "location"))
				if loc == "US" || loc == "EU" {
					return target{}, fmt.Sprintf("BigQuery multi-region %s is stored in one region that the state does not name", loc)
				}
				return e.regional(r, "gcp", "bigquery")
			}},
		{Type: "google_spanner_instance", Provider: "gcp", Ref: "gcp/spanner@REGION",
			Note: "a regional `config` (regional-REGION); multi-region configs are unmapped",
			fn: func(e *env, r *resource) (target, string) {
				cfg := str(r.Values, "config")
				if region, ok := strings.CutPrefix(cfg, "regional-"); ok {
					return e.inRegions("gcp", "spanner", []string{region})
				}
				return target{}, fmt.Sprintf("Spanner configuration %q is not regional: write a quorum over its regions", cfg)
			}},
		{Type: "google_bigtable_instance", Provider: "gcp", Ref: "gcp/bigtable@ZONE, or any_of its clusters' zones",
			Note: "the `zone` of each `cluster`; several clusters replicate: any_of",
			fn: func(e *env, r *resource) (target, string) {
				var t target
				for _, c := range blocks(r.Values, "cluster") {
					zone := str(c, "zone")
					if !e.is("gcp", zone, catalog.KindZone) {
						return target{}, fmt.Sprintf("zone %q is not a zone of the bundled model gcp", zone)
					}
					if ref := "gcp/bigtable@" + zone; !slices.Contains(t.refs, ref) {
						t.refs = append(t.refs, ref)
					}
				}
				if len(t.refs) == 0 {
					return target{}, "no cluster with a zone"
				}
				return t, ""
			}},
		{Type: "google_pubsub_topic", Provider: "gcp", Ref: "gcp/pubsub@REGION, or any_of them",
			Note: "the regions of `message_storage_policy.allowed_persistence_regions`; a topic without one is unmapped (it stores messages near its publishers)",
			fn: func(e *env, r *resource) (target, string) {
				regions := stringList(block(r.Values, "message_storage_policy"), "allowed_persistence_regions")
				if len(regions) == 0 {
					return target{}, "a topic without a message storage policy stores messages in regions the state does not name"
				}
				return e.inRegions("gcp", "pubsub", regions)
			}},
		{Type: "google_compute_forwarding_rule", Provider: "gcp", Ref: "gcp/lb-regional@REGION or gcp/lb-passthrough@REGION",
			Note: "`load_balancing_scheme` EXTERNAL_MANAGED or INTERNAL_MANAGED: regional (Envoy) load balancers; otherwise passthrough",
			fn: func(e *env, r *resource) (target, string) {
				if strings.HasSuffix(str(r.Values, "load_balancing_scheme"), "_MANAGED") {
					return e.regional(r, "gcp", "lb-regional")
				}
				return e.regional(r, "gcp", "lb-passthrough")
			}},
		globalMap("google_compute_global_forwarding_rule", "gcp", "external-lb", "global"),
		globalMap("google_compute_url_map", "gcp", "external-lb", "global"),
		globalMap("google_compute_backend_service", "gcp", "external-lb", "global"),
		globalMap("google_dns_managed_zone", "gcp", "cloud-dns", "global"),
		globalMap("google_dns_record_set", "gcp", "cloud-dns", "global"),
		globalMap("google_secret_manager_secret", "gcp", "secret-manager", "global"),
	}
}

// gcpDualRegion returns the regions of a predefined dual-region of Cloud
// Storage whose regions Google documents, or nil.
func gcpDualRegion(loc string) []string {
	switch loc {
	case "NAM4":
		return []string{"us-central1", "us-east1"}
	case "EUR4":
		return []string{"europe-north1", "europe-west4"}
	case "ASIA1":
		return []string{"asia-northeast1", "asia-northeast2"}
	}
	return nil
}

func azureMappings() []Mapping {
	regional := func(typ, svc, note string) Mapping { return regionalMap(typ, "azure", svc, note) }
	vm := func(typ, zoneKey string) Mapping {
		return Mapping{Type: typ, Provider: "azure", Ref: "azure/vm-zonal@REGION-N or azure/vm@REGION",
			Note: "`" + zoneKey + "` N (the subscription's logical zone, as the model's zones are): the zonal VM; no zone: the regional VM fleet",
			fn: func(e *env, r *resource) (target, string) {
				zone := str(r.Values, zoneKey)
				if zs := stringList(r.Values, zoneKey); zone == "" && len(zs) == 1 {
					zone = zs[0]
				}
				if zone == "" {
					return e.regional(r, "azure", "vm")
				}
				region := e.region(r, "azure")
				if !e.is("azure", region+"-"+zone, catalog.KindZone) {
					return target{}, fmt.Sprintf("zone %q of region %q is not in the bundled model azure", zone, region)
				}
				return e.ref("azure/vm-zonal@" + region + "-" + zone)
			}}
	}
	return []Mapping{
		vm("azurerm_linux_virtual_machine", "zone"),
		vm("azurerm_windows_virtual_machine", "zone"),
		vm("azurerm_virtual_machine", "zones"),
		regional("azurerm_linux_virtual_machine_scale_set", "vmss", ""),
		regional("azurerm_windows_virtual_machine_scale_set", "vmss", ""),
		regional("azurerm_orchestrated_virtual_machine_scale_set", "vmss", ""),
		regional("azurerm_mssql_server", "sql-database", ""),
		{Type: "azurerm_mssql_database", Provider: "azure", Ref: "azure/sql-database@REGION",
			Note: "the `location` of its server (`server_id`), which must be in the same file",
			fn: func(e *env, r *resource) (target, string) {
				srv, ok := e.byID[str(r.Values, "server_id")]
				if !ok {
					return target{}, "its server (server_id) is not in the file, and a database has no location of its own"
				}
				return e.regional(srv, "azure", "sql-database")
			}},
		regional("azurerm_storage_account", "storage", "`location` (LRS and ZRS accounts alike: the regional storage node)"),
		regional("azurerm_kubernetes_cluster", "aks", ""),
		regional("azurerm_service_plan", "app-service", ""),
		regional("azurerm_app_service", "app-service", ""),
		regional("azurerm_linux_web_app", "app-service", ""),
		regional("azurerm_windows_web_app", "app-service", ""),
		regional("azurerm_function_app", "functions", ""),
		regional("azurerm_linux_function_app", "functions", ""),
		regional("azurerm_windows_function_app", "functions", ""),
		{Type: "azurerm_cosmosdb_account", Provider: "azure", Ref: "azure/cosmos-db@REGION, or any_of them",
			Note: "the `location` of each `geo_location`; several: any_of (replicas)",
			fn: func(e *env, r *resource) (target, string) {
				var regions []string
				for _, g := range blocks(r.Values, "geo_location") {
					regions = append(regions, str(g, "location"))
				}
				if len(regions) == 0 {
					return e.regional(r, "azure", "cosmos-db")
				}
				return e.inRegions("azure", "cosmos-db", regions)
			}},
		regional("azurerm_postgresql_flexible_server", "postgresql", ""),
		regional("azurerm_redis_cache", "redis", ""),
		regional("azurerm_key_vault", "key-vault", ""),
		regional("azurerm_servicebus_namespace", "service-bus", ""),
		regional("azurerm_eventhub_namespace", "event-hubs", ""),
		regional("azurerm_container_registry", "container-registry", ""),
		regional("azurerm_application_gateway", "application-gateway", ""),
		regional("azurerm_lb", "load-balancer", ""),
		regional("azurerm_virtual_network", "vnet", ""),
		globalMap("azurerm_cdn_frontdoor_profile", "azure", "front-door", "global"),
		globalMap("azurerm_frontdoor", "azure", "front-door", "global"),
		globalMap("azurerm_dns_zone", "azure", "azure-dns", "global"),
		globalMap("azurerm_traffic_manager_profile", "azure", "traffic-manager", "global"),
	}
}

// MarkdownTable writes the mapping table as Markdown, one row per type,
// for the documentation.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Terraform type | ref | location and choices |\n| --- | --- | --- |\n")
	for _, m := range Mappings() {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", m.Type, m.Ref, m.Note)
	}
	return b.String()
}
