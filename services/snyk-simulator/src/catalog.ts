/** Static vocabulary the generator draws from: names, ecosystems, vulnerability titles, origins. */

export interface Ecosystem {
  /** The middle part of Snyk vulnerability ids: SNYK-<prefix>-<PACKAGE>-<n>. */
  readonly prefix: string;
  readonly packages: readonly string[];
  readonly manifests: readonly string[];
}

export const OSS_ECOSYSTEMS: Readonly<Record<string, Ecosystem>> = {
  npm: {
    prefix: 'JS',
    packages: [
      'lodash',
      'axios',
      'express',
      'minimist',
      'semver',
      'jsonwebtoken',
      'ws',
      'qs',
      'moment',
      'tar',
    ],
    manifests: ['package.json', 'packages/api/package.json', 'web/package.json'],
  },
  yarn: {
    prefix: 'JS',
    packages: ['follow-redirects', 'postcss', 'nth-check', 'json5', 'tough-cookie', 'undici', 'braces'],
    manifests: ['yarn.lock', 'frontend/yarn.lock'],
  },
  maven: {
    prefix: 'JAVA',
    packages: [
      'org.apache.logging.log4j:log4j-core',
      'com.fasterxml.jackson.core:jackson-databind',
      'org.springframework:spring-web',
      'org.yaml:snakeyaml',
      'io.netty:netty-codec-http',
      'com.google.guava:guava',
    ],
    manifests: ['pom.xml', 'service/pom.xml'],
  },
  gradle: {
    prefix: 'JAVA',
    packages: [
      'org.apache.commons:commons-text',
      'com.squareup.okhttp3:okhttp',
      'org.jetbrains.kotlin:kotlin-stdlib',
      'org.bouncycastle:bcprov-jdk18on',
    ],
    manifests: ['build.gradle', 'app/build.gradle.kts'],
  },
  sbt: {
    prefix: 'JAVA',
    packages: ['com.typesafe.akka:akka-http', 'org.scala-lang:scala-library', 'io.circe:circe-core'],
    manifests: ['build.sbt'],
  },
  pip: {
    prefix: 'PYTHON',
    packages: ['requests', 'django', 'flask', 'pyyaml', 'urllib3', 'jinja2', 'cryptography', 'pillow'],
    manifests: ['requirements.txt', 'requirements/prod.txt'],
  },
  poetry: {
    prefix: 'PYTHON',
    packages: ['fastapi', 'starlette', 'pydantic', 'aiohttp', 'sqlalchemy'],
    manifests: ['pyproject.toml'],
  },
  gomodules: {
    prefix: 'GOLANG',
    packages: [
      'golang.org/x/net',
      'github.com/gin-gonic/gin',
      'google.golang.org/protobuf',
      'golang.org/x/crypto',
    ],
    manifests: ['go.mod'],
  },
  nuget: {
    prefix: 'DOTNET',
    packages: ['Newtonsoft.Json', 'System.Text.Encodings.Web', 'Microsoft.Data.SqlClient', 'System.Net.Http'],
    manifests: ['src/Api/Api.csproj', 'packages.config'],
  },
  composer: {
    prefix: 'PHP',
    packages: ['laravel/framework', 'guzzlehttp/guzzle', 'symfony/http-kernel', 'twig/twig'],
    manifests: ['composer.lock'],
  },
  rubygems: {
    prefix: 'RUBY',
    packages: ['rails', 'nokogiri', 'rack', 'actionpack', 'puma'],
    manifests: ['Gemfile.lock'],
  },
  cocoapods: {
    prefix: 'COCOAPODS',
    packages: ['Alamofire', 'AFNetworking', 'FirebaseCore'],
    manifests: ['Podfile'],
  },
};

/** Relative frequency of Open Source project types. */
export const OSS_TYPE_WEIGHTS = {
  npm: 30,
  maven: 14,
  pip: 11,
  yarn: 8,
  gradle: 8,
  gomodules: 8,
  nuget: 6,
  composer: 3,
  rubygems: 4,
  poetry: 4,
  sbt: 2,
  cocoapods: 2,
} as const;

/** Projects of other Snyk products, with the manifest Snyk records for them. */
export const OTHER_PRODUCT_TYPES: Readonly<Record<string, string>> = {
  sast: '',
  dockerfile: 'Dockerfile',
  terraformconfig: 'infra/main.tf',
  k8sconfig: 'k8s/deployment.yaml',
};

/** Operating-system packages found in container images (also used for Dockerfile projects). */
export const CONTAINER_OS_ECOSYSTEMS: Readonly<Record<string, Ecosystem>> = {
  deb: {
    prefix: 'DEBIAN12',
    packages: ['openssl', 'glibc', 'zlib', 'curl', 'systemd', 'perl', 'gnutls28'],
    manifests: [''],
  },
  apk: {
    prefix: 'ALPINE319',
    packages: ['openssl', 'busybox', 'musl', 'libcrypto3', 'expat'],
    manifests: [''],
  },
};

export const ORIGIN_WEIGHTS = {
  github: 34,
  'github-enterprise': 8,
  'github-cloud-app': 7,
  gitlab: 12,
  'bitbucket-cloud': 7,
  'bitbucket-server': 5,
  'azure-repos': 8,
  cli: 9,
  api: 3,
  'docker-hub': 3,
  ecr: 2,
  kubernetes: 2,
} as const;
export type GeneratedOrigin = keyof typeof ORIGIN_WEIGHTS;

export const CONTAINER_ORIGINS: ReadonlySet<string> = new Set(['docker-hub', 'ecr', 'kubernetes']);

export const ORG_NAMES = [
  'Payments Team',
  'Platform Engineering',
  'Mobile Apps',
  'Data Engineering',
  'Identity & Access',
  'Checkout',
  'Search',
  'Infrastructure',
  'Growth',
  'Security Tooling',
  'Customer Portal',
  'Logistics',
] as const;

export const SCM_OWNERS = [
  'acme',
  'acme-payments',
  'AcmeCorp',
  'acme-platform',
  'acme-mobile',
  'Acme-Data',
  'acme-labs',
  'acme-infra',
] as const;

export const REPO_PREFIXES = [
  'checkout',
  'payments',
  'ledger',
  'identity',
  'search',
  'catalog',
  'inventory',
  'billing',
  'notifications',
  'orders',
  'shipping',
  'customer',
  'reporting',
  'gateway',
  'auth',
  'pricing',
  'Recommendations',
  'fraud',
] as const;
export const REPO_SUFFIXES = ['service', 'api', 'web', 'worker', 'ui', 'lib', 'sdk', 'jobs', 'App'] as const;

export const BRANCH_WEIGHTS = {
  main: 55,
  master: 25,
  develop: 10,
  'release/2024.06': 4,
  staging: 6,
} as const;

export const TAG_POOL: Readonly<Record<string, readonly string[]>> = {
  team: ['payments', 'platform', 'mobile', 'data', 'identity', 'growth'],
  env: ['prod', 'staging', 'dev'],
  component: ['backend', 'frontend', 'batch'],
  'cost-center': ['cc-1001', 'cc-2040', 'cc-3300'],
  pci: ['true', 'false'],
};

/** Vulnerability titles with the CWE Snyk files them under. */
export const VULNERABILITY_KINDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Prototype Pollution', ['CWE-1321']],
  ['Regular Expression Denial of Service (ReDoS)', ['CWE-1333']],
  ['Cross-site Scripting (XSS)', ['CWE-79']],
  ['Command Injection', ['CWE-78']],
  ['SQL Injection', ['CWE-89']],
  ['Deserialization of Untrusted Data', ['CWE-502']],
  ['Directory Traversal', ['CWE-22']],
  ['Denial of Service (DoS)', ['CWE-400']],
  ['Information Exposure', ['CWE-200']],
  ['Server-side Request Forgery (SSRF)', ['CWE-918']],
  ['Improper Input Validation', ['CWE-20']],
  ['Out-of-bounds Write', ['CWE-787']],
  ['Use After Free', ['CWE-416']],
  ['Arbitrary Code Injection', ['CWE-94']],
  ['XML External Entity (XXE) Injection', ['CWE-611']],
  ['Open Redirect', ['CWE-601']],
  ['Improper Certificate Validation', ['CWE-295']],
  ['Cross-site Request Forgery (CSRF)', ['CWE-352']],
  ['HTTP Request Smuggling', ['CWE-444']],
  ['Integer Overflow or Wraparound', ['CWE-190']],
  ['Remote Code Execution (RCE)', ['CWE-94', 'CWE-502']],
  ['Uncontrolled Resource Consumption', ['CWE-400', 'CWE-770']],
  ['Insecure Defaults', []],
];

export const LICENSES = ['GPL-3.0', 'AGPL-3.0', 'LGPL-2.1', 'MPL-2.0', 'SSPL-1.0', 'EPL-1.0'] as const;

export const CODE_RULES: ReadonlyArray<readonly [string, string, string]> = [
  ['javascript/Sqli', 'SQL Injection', 'CWE-89'],
  ['javascript/XSS', 'Cross-site Scripting (XSS)', 'CWE-79'],
  ['java/PT', 'Path Traversal', 'CWE-23'],
  ['python/HardcodedCredential', 'Use of Hardcoded Credentials', 'CWE-798'],
];

export const CONFIG_RULES: ReadonlyArray<readonly [string, string]> = [
  ['SNYK-CC-TF-1', 'Security group allows open ingress'],
  ['SNYK-CC-TF-4', 'S3 bucket is publicly readable'],
  ['SNYK-CC-K8S-1', 'Container is running in privileged mode'],
  ['SNYK-CC-K8S-8', 'Container is running without root user control'],
];

export const MATURITY_LEVELS = ['Proof of Concept', 'Functional', 'High', 'Not Defined', 'Mature'] as const;

export const USER_FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia'];
