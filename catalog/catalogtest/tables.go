package catalogtest

// This file holds the fixed vocabulary of the synthetic catalog: provider,
// region and service names, and words for customer names.

// regionInfo names a region. abbr is the prefix of AWS-style zone ids
// (use1 → use1-az1); it is empty where zones are named after the region.
type regionInfo struct {
	id, abbr, name string
}

// zoneStyle says how a provider names its zones.
type zoneStyle uint8

const (
	zoneAZ     zoneStyle = iota // use1-az1 (AWS zone ids)
	zoneLetter                  // us-central1-a (GCP)
	zoneNumber                  // eastus-z1 (Azure zones 1, 2, 3)
)

// providerInfo describes one of the named providers. Its regions are listed
// most popular first; the first region also hosts the control plane of the
// provider's global services.
type providerInfo struct {
	id, name string
	zones    zoneStyle
	regions  []regionInfo
}

var namedProviders = []providerInfo{
	{id: "aws", name: "Amazon Web Services", zones: zoneAZ, regions: []regionInfo{
		{"us-east-1", "use1", "US East (N. Virginia)"},
		{"us-west-2", "usw2", "US West (Oregon)"},
		{"eu-west-1", "euw1", "Europe (Ireland)"},
		{"eu-central-1", "euc1", "Europe (Frankfurt)"},
		{"ap-northeast-1", "apne1", "Asia Pacific (Tokyo)"},
		{"ap-southeast-1", "apse1", "Asia Pacific (Singapore)"},
		{"ap-southeast-2", "apse2", "Asia Pacific (Sydney)"},
		{"us-east-2", "use2", "US East (Ohio)"},
		{"us-west-1", "usw1", "US West (N. California)"},
		{"eu-west-2", "euw2", "Europe (London)"},
		{"eu-west-3", "euw3", "Europe (Paris)"},
		{"eu-north-1", "eun1", "Europe (Stockholm)"},
		{"ap-south-1", "aps1", "Asia Pacific (Mumbai)"},
		{"ap-northeast-2", "apne2", "Asia Pacific (Seoul)"},
		{"ca-central-1", "cac1", "Canada (Central)"},
		{"sa-east-1", "sae1", "South America (Sao Paulo)"},
		{"ap-northeast-3", "apne3", "Asia Pacific (Osaka)"},
		{"me-south-1", "mes1", "Middle East (Bahrain)"},
		{"af-south-1", "afs1", "Africa (Cape Town)"},
		{"ap-east-1", "ape1", "Asia Pacific (Hong Kong)"},
		{"eu-south-1", "eus1", "Europe (Milan)"},
		{"il-central-1", "ilc1", "Israel (Tel Aviv)"},
	}},
	{id: "gcp", name: "Google Cloud", zones: zoneLetter, regions: []regionInfo{
		{"us-central1", "", "Iowa"},
		{"us-east1", "", "South Carolina"},
		{"europe-west1", "", "Belgium"},
		{"us-east4", "", "Northern Virginia"},
		{"us-west1", "", "Oregon"},
		{"europe-west4", "", "Netherlands"},
		{"asia-east1", "", "Taiwan"},
		{"asia-northeast1", "", "Tokyo"},
		{"europe-west2", "", "London"},
		{"europe-west3", "", "Frankfurt"},
		{"asia-southeast1", "", "Singapore"},
		{"australia-southeast1", "", "Sydney"},
		{"asia-south1", "", "Mumbai"},
		{"northamerica-northeast1", "", "Montreal"},
		{"southamerica-east1", "", "Sao Paulo"},
		{"us-west2", "", "Los Angeles"},
		{"europe-north1", "", "Finland"},
		{"me-west1", "", "Tel Aviv"},
		{"asia-northeast3", "", "Seoul"},
		{"us-south1", "", "Dallas"},
	}},
	{id: "azure", name: "Microsoft Azure", zones: zoneNumber, regions: []regionInfo{
		{"eastus", "", "East US"},
		{"westeurope", "", "West Europe"},
		{"eastus2", "", "East US 2"},
		{"westus2", "", "West US 2"},
		{"northeurope", "", "North Europe"},
		{"southeastasia", "", "Southeast Asia"},
		{"centralus", "", "Central US"},
		{"uksouth", "", "UK South"},
		{"germanywestcentral", "", "Germany West Central"},
		{"japaneast", "", "Japan East"},
		{"australiaeast", "", "Australia East"},
		{"canadacentral", "", "Canada Central"},
		{"francecentral", "", "France Central"},
		{"koreacentral", "", "Korea Central"},
		{"brazilsouth", "", "Brazil South"},
		{"southafricanorth", "", "South Africa North"},
		{"swedencentral", "", "Sweden Central"},
		{"centralindia", "", "Central India"},
		{"westus3", "", "West US 3"},
		{"switzerlandnorth", "", "Switzerland North"},
	}},
}

// otherProviders names the providers after the first three. Providers
// beyond this list are called cloudNN.
var otherProviders = []struct{ id, name string }{
	{"oci", "Oracle Cloud Infrastructure"},
	{"ibm", "IBM Cloud"},
	{"alibaba", "Alibaba Cloud"},
	{"digitalocean", "DigitalOcean"},
	{"hetzner", "Hetzner Cloud"},
	{"ovh", "OVHcloud"},
	{"linode", "Akamai Linode"},
	{"vultr", "Vultr"},
	{"scaleway", "Scaleway"},
	{"tencent", "Tencent Cloud"},
}

// geos names the regions of the other providers: <geo>-<provider number>.
var geos = []struct{ id, name string }{
	{"us-east", "US East"},
	{"eu-west", "Europe West"},
	{"us-west", "US West"},
	{"eu-central", "Europe Central"},
	{"ap-northeast", "Asia Pacific Northeast"},
	{"ap-southeast", "Asia Pacific Southeast"},
	{"us-central", "US Central"},
	{"eu-north", "Europe North"},
	{"ap-south", "Asia Pacific South"},
	{"ca-central", "Canada Central"},
	{"sa-east", "South America East"},
	{"eu-south", "Europe South"},
	{"oc-east", "Oceania East"},
	{"me-central", "Middle East Central"},
	{"af-south", "Africa South"},
	{"ap-east", "Asia Pacific East"},
	{"us-south", "US South"},
	{"eu-east", "Europe East"},
	{"ap-central", "Asia Pacific Central"},
	{"mx-central", "Mexico Central"},
}

// role is a kind of service every provider offers under its own name.
//
// deps name other roles: "x" is a hard short-name dependency, "~x" a soft
// (impact: degraded) short-name dependency, "^" a soft dependency on the
// provider's first region (the control plane of global services), and "^x"
// a soft full-ref dependency on role x's instance in the first region. A
// dependency on a role the provider lacks, or one that would resolve to a
// missing instance, is left out.
type role struct {
	key        string
	scope      string    // zonal | regional | global
	names      [4]string // aws, gcp, azure, any other provider
	deps       []string
	optional   bool // offered by some providers only
	restricted bool // offered in a subset of regions (never a short-name target)
	app        bool // customers depend on it directly
	soft       bool // customers depend on it softly (monitoring-like)
}

const (
	roleCompute = "compute"
	roleBlock   = "block-storage"
	roleNetwork = "network"
	roleIAM     = "iam"
)

var roles = []role{
	{key: roleNetwork, scope: "regional", names: [4]string{"vpc", "vpc", "virtual-network", "network"}},
	{key: roleBlock, scope: "zonal", names: [4]string{"ebs", "persistent-disk", "managed-disks", "block-storage"},
		deps: []string{roleNetwork}, app: true},
	{key: roleCompute, scope: "zonal", names: [4]string{"ec2", "compute-engine", "virtual-machines", "compute"},
		deps: []string{roleNetwork, roleBlock, "~monitoring"}, app: true},
	{key: roleIAM, scope: "global", names: [4]string{"iam", "cloud-iam", "entra-id", "iam"},
		deps: []string{"^"}, app: true},
	{key: "dns", scope: "global", names: [4]string{"route53", "cloud-dns", "dns", "dns"},
		deps: []string{"^"}, app: true},
	{key: "cdn", scope: "global", names: [4]string{"cloudfront", "cloud-cdn", "front-door", "cdn"},
		deps: []string{"dns", "^", "^object-storage"}, app: true},
	{key: "sts", scope: "regional", names: [4]string{"sts", "security-token-service", "managed-identity", "sts"},
		deps: []string{roleIAM}},
	{key: "kms", scope: "regional", names: [4]string{"kms", "cloud-kms", "key-vault", "kms"},
		deps: []string{roleCompute, roleIAM}, app: true},
	{key: "object-storage", scope: "regional", names: [4]string{"s3", "cloud-storage", "blob-storage", "object-storage"},
		deps: []string{roleCompute, roleBlock, roleNetwork, "kms", roleIAM}, app: true},
	{key: "kv-db", scope: "regional", names: [4]string{"dynamodb", "firestore", "cosmos-db", "kv-store"},
		deps: []string{roleCompute, roleBlock, roleNetwork, "kms"}, app: true},
	{key: "sql-db", scope: "regional", names: [4]string{"rds", "cloud-sql", "sql-database", "sql-db"},
		deps: []string{roleCompute, roleBlock, roleNetwork, "kms", "~backup"}, app: true},
	{key: "load-balancer", scope: "regional", names: [4]string{"elb", "cloud-load-balancing", "load-balancer", "load-balancer"},
		deps: []string{roleCompute, roleNetwork}, app: true},
	{key: "queue", scope: "regional", names: [4]string{"sqs", "cloud-tasks", "queue-storage", "queue"},
		deps: []string{roleCompute, "kv-db"}, app: true},
	{key: "pubsub", scope: "regional", names: [4]string{"sns", "pubsub", "service-bus", "pubsub"},
		deps: []string{roleCompute, "queue", "kv-db"}, app: true},
	{key: "functions", scope: "regional", names: [4]string{"lambda", "cloud-functions", "functions", "functions"},
		deps: []string{roleCompute, "sts", "queue", "object-storage", "~monitoring", "~logging"}, app: true},
	{key: "monitoring", scope: "regional", names: [4]string{"cloudwatch", "cloud-monitoring", "monitor", "monitoring"},
		deps: []string{roleCompute, "kv-db", "~logging", "~functions"}, soft: true},
	{key: "logging", scope: "regional", names: [4]string{"cloudwatch-logs", "cloud-logging", "log-analytics", "logging"},
		deps: []string{"object-storage", "kv-db", "~monitoring"}, soft: true},
	{key: "registry", scope: "regional", names: [4]string{"ecr", "artifact-registry", "container-registry", "registry"},
		deps: []string{"object-storage", roleIAM}, app: true},
	{key: "containers", scope: "regional", names: [4]string{"ecs", "cloud-run", "container-apps", "containers"},
		deps: []string{roleCompute, "load-balancer", "registry", roleIAM, "~logging"}, app: true},
	{key: "kubernetes", scope: "regional", names: [4]string{"eks", "gke", "aks", "kubernetes"},
		deps: []string{roleCompute, roleBlock, "load-balancer", roleNetwork, "registry", roleIAM, "~monitoring"}, app: true},
	{key: "cache", scope: "regional", names: [4]string{"elasticache", "memorystore", "cache-for-redis", "cache"},
		deps: []string{roleCompute, roleNetwork}, app: true},
	{key: "secrets", scope: "regional", names: [4]string{"secrets-manager", "secret-manager", "app-configuration", "secrets"},
		deps: []string{"kms", "kv-db", roleIAM}, app: true},
	{key: "api-gateway", scope: "regional", names: [4]string{"api-gateway", "api-gateway", "api-management", "api-gateway"},
		deps: []string{"functions", "load-balancer", roleIAM, "~logging"}, app: true},
	{key: "stream", scope: "regional", names: [4]string{"kinesis", "dataflow", "event-hubs", "stream"},
		deps: []string{roleCompute, "kv-db", "object-storage"}, app: true},

	{key: "events", scope: "regional", names: [4]string{"eventbridge", "eventarc", "event-grid", "events"},
		deps: []string{"functions", "queue", "pubsub"}, optional: true, app: true},
	{key: "workflows", scope: "regional", names: [4]string{"step-functions", "workflows", "logic-apps", "workflows"},
		deps: []string{"functions", "kv-db", "~logging"}, optional: true, app: true},
	{key: "auth", scope: "regional", names: [4]string{"cognito", "identity-platform", "ad-b2c", "auth"},
		deps: []string{"kv-db", "functions", roleIAM}, optional: true, app: true},
	{key: "file-storage", scope: "regional", names: [4]string{"efs", "filestore", "files", "file-storage"},
		deps: []string{roleCompute, roleNetwork, roleBlock}, optional: true, app: true},
	{key: "search", scope: "regional", names: [4]string{"opensearch", "vertex-search", "ai-search", "search"},
		deps: []string{roleCompute, roleBlock, "load-balancer"}, optional: true, app: true},
	{key: "batch", scope: "regional", names: [4]string{"batch", "batch", "batch", "batch"},
		deps: []string{roleCompute, "queue", "~logging"}, optional: true, app: true},
	{key: "backup", scope: "regional", names: [4]string{"backup", "backup-and-dr", "backup", "backup"},
		deps: []string{"object-storage", "kms"}, optional: true},
	{key: "iot", scope: "regional", names: [4]string{"iot-core", "cloud-iot", "iot-hub", "iot"},
		deps: []string{"kv-db", "functions", "~monitoring"}, optional: true, app: true},
	{key: "warehouse", scope: "regional", names: [4]string{"redshift", "bigquery", "synapse", "warehouse"},
		deps: []string{roleCompute, "object-storage", roleNetwork}, optional: true, restricted: true, app: true},
	{key: "analytics", scope: "regional", names: [4]string{"athena", "dataproc", "databricks", "analytics"},
		deps: []string{"object-storage", roleCompute}, optional: true, restricted: true, app: true},
	{key: "ml", scope: "regional", names: [4]string{"sagemaker", "vertex-ai", "machine-learning", "ml"},
		deps: []string{roleCompute, "object-storage", "containers", "~monitoring"}, optional: true, restricted: true, app: true},
	{key: "kafka", scope: "regional", names: [4]string{"msk", "managed-kafka", "hdinsight", "kafka"},
		deps: []string{roleCompute, roleBlock, roleNetwork}, optional: true, restricted: true, app: true},
	{key: "gpu", scope: "zonal", names: [4]string{"ec2-gpu", "gpu-vms", "nd-series", "gpu"},
		deps: []string{roleNetwork, roleBlock}, optional: true, restricted: true, app: true},
	{key: "console", scope: "global", names: [4]string{"console", "cloud-console", "portal", "console"},
		deps: []string{roleIAM, "dns", "^"}, optional: true},
	{key: "health", scope: "global", names: [4]string{"health-dashboard", "service-health", "service-health", "status"},
		deps: []string{"^", "^monitoring"}, optional: true, soft: true},
	{key: "billing", scope: "global", names: [4]string{"billing", "cloud-billing", "cost-management", "billing"},
		deps: []string{roleIAM, "^kv-db"}, optional: true},
}

var sectors = []string{
	"retail", "fintech", "healthcare", "media", "gaming", "logistics", "saas",
	"public-sector", "travel", "education", "energy", "telecom", "consumer-iot",
	"manufacturing", "insurance", "automotive",
}

var nameWords1 = []string{
	"Acme", "Blue", "Bright", "Cedar", "Crimson", "Delta", "Echo", "Falcon",
	"Golden", "Granite", "Harbor", "Indigo", "Iron", "Jade", "Lunar", "Maple",
	"Nimbus", "North", "Orbit", "Pacific", "Quartz", "Rapid", "Silver", "Solar",
	"Summit", "Swift", "Terra", "Union", "Vector", "Willow", "Zenith", "Atlas",
}

var nameWords2 = []string{
	"Analytics", "Bank", "Bikes", "Books", "Cloud", "Foods", "Games", "Health",
	"Insurance", "Labs", "Logistics", "Media", "Motors", "Networks", "Pay",
	"Pharma", "Retail", "Robotics", "Software", "Studios", "Systems", "Telecom",
	"Travel", "Ventures", "Works", "Energy", "Learning", "Markets", "Mobility",
	"Security", "Shop", "Stream",
}
