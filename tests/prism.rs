//! Every Chat operation, built by its stub with every optional parameter
//! set and sent by both clients, is accepted by Prism, a mock server that
//! validates each request against the spec in `spec/`.
//!
//! The test installs Prism (pinned in `tests/prism/package-lock.json`) with
//! `npm ci` when it is missing, starts one server per API version on a free
//! port of 127.0.0.1, and stops it at the end. Without Node.js and npm it
//! fails and says so: it never skips.
//!
//! Prism rejects a form field sent as repeated keys (`Permission=a&
//! Permission=b`, its issue 2473) unless the spec says so with an
//! `encoding` entry, which Twilio's specs leave out. The server gets a
//! temporary copy of the spec with `style: form, explode: true` declared for
//! those fields; `spec/` stays as it is.

use std::collections::BTreeSet;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use twilio_runtime::client::{Config, Credentials, Error, RetryPolicy};
use twilio_runtime::{BlockingClient, Client};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Installs Prism once per test run.
fn prism_bin() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let dir = Path::new(ROOT).join("tests/prism");
            let bin = dir.join("node_modules/.bin/prism");
            if !bin.exists() {
                let status = Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                    .current_dir(&dir)
                    .env("SCARF_ANALYTICS", "false")
                    .status()
                    .unwrap_or_else(|e| {
                        panic!("these tests need Node.js and npm to install Prism: {e}")
                    });
                assert!(status.success(), "npm ci in tests/prism failed: {status}");
            }
            bin
        })
        .clone()
}

/// A running Prism server, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    fn start(spec: &Path, name: &str) -> Prism {
        let bin = prism_bin();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("cannot start Prism");
        let mut prism = Prism { child, port, log };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("Prism exited ({status}):\n{}", self.log_text());
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("Prism did not listen within 120 s:\n{}", self.log_text());
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn load_spec(version: &str) -> Value {
    let path = Path::new(ROOT).join(format!("spec/twilio_chat_{version}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The copy of the spec Prism serves: repeated-key form arrays declared.
fn served_spec(spec: &Value, version: &str) -> PathBuf {
    let mut spec = spec.clone();
    let paths = spec["paths"].as_object_mut().unwrap();
    for item in paths.values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            let Some(form) = op
                .pointer_mut("/requestBody/content/application~1x-www-form-urlencoded")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let mut encoding = Map::new();
            if let Some(properties) = form["schema"]["properties"].as_object() {
                for (name, schema) in properties {
                    if schema["type"] == "array" {
                        encoding.insert(name.clone(), json!({"style": "form", "explode": true}));
                    }
                }
            }
            if !encoding.is_empty() {
                form.insert("encoding".into(), Value::Object(encoding));
            }
        }
    }
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-chat-{version}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();
    path
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            resolve(spec, spec.pointer(pointer).unwrap())
        }
        None => schema,
    }
}

/// A value `schema` accepts, for the parameter `name`.
fn example(spec: &Value, schema: &Value, name: &str) -> Value {
    let schema = resolve(spec, schema);
    if let Some(values) = schema["enum"].as_array() {
        return values[0].clone();
    }
    match schema["type"].as_str() {
        Some("array") => {
            let items = resolve(spec, &schema["items"]);
            match items["enum"].as_array() {
                Some(values) => Value::Array(values.iter().take(2).cloned().collect()),
                None => json!([example(spec, items, name), example(spec, items, name)]),
            }
        }
        Some("integer") => {
            let min = schema["minimum"].as_i64().unwrap_or(1);
            let max = schema["maximum"].as_i64().unwrap_or(i64::MAX);
            json!(min.max(1).min(max))
        }
        Some("boolean") => json!(true),
        _ => match (schema["format"].as_str(), schema["pattern"].as_str()) {
            (Some("date-time"), _) => json!("2024-05-01T10:00:00Z"),
            (Some("uri"), _) => json!(format!("https://example.com/hooks/{name}")),
            (_, Some(pattern)) => json!(sid_for(pattern)),
            _ => json!(format!("{name}-value")),
        },
    }
}

/// A SID that `^XX[0-9a-fA-F]{32}$` accepts.
fn sid_for(pattern: &str) -> String {
    let prefix: String = pattern
        .trim_start_matches('^')
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    assert!(
        prefix.len() == 2 && pattern.contains("[0-9a-fA-F]{32}"),
        "not a SID pattern: {pattern}"
    );
    format!("{prefix}0123456789abcdef0123456789abcdef")
}

/// Every operation of the spec with every parameter and form field set, as
/// `(operationId, {"WireName": value, …})`.
fn operations(spec: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "delete"].contains(&method.as_str()) {
                continue;
            }
            let mut params = Map::new();
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            for parameter in shared.iter().chain(&own) {
                let parameter = resolve(spec, parameter);
                let name = parameter["name"].as_str().unwrap();
                params.insert(name.into(), example(spec, &parameter["schema"], name));
            }
            if let Some(form) =
                op.pointer("/requestBody/content/application~1x-www-form-urlencoded/schema")
            {
                let form = resolve(spec, form);
                for (name, schema) in form["properties"].as_object().unwrap() {
                    params.insert(name.clone(), example(spec, schema, name));
                }
            }
            out.push((
                op["operationId"].as_str().unwrap().to_owned(),
                Value::Object(params),
            ));
        }
    }
    out
}

/// For one API version: the names of its stubs, and a function that builds
/// one from its parameters and sends it with each client.
macro_rules! stubs {
    ($version:ident: $($stub:ident),* $(,)?) => {
        mod $version {
            use super::*;

            pub fn names() -> BTreeSet<&'static str> {
                [$(stringify!($stub)),*].into_iter().collect()
            }

            /// Sends the stub `name` built from `params` with both clients.
            pub fn send(
                runtime: &tokio::runtime::Runtime,
                client: &Client,
                blocking: &BlockingClient,
                name: &str,
                params: Value,
            ) -> Vec<Result<(), Error>> {
                match name {
                    $(stringify!($stub) => {
                        let stub: twilio_chat::$version::$stub = serde_json::from_value(params)
                            .unwrap_or_else(|e| panic!("{name}: {e}"));
                        vec![
                            runtime.block_on(client.send(&stub)).map(drop),
                            blocking.send(&stub).map(drop),
                        ]
                    })*
                    _ => panic!("no stub {name}"),
                }
            }
        }
    };
}

stubs!(v1:
    CreateChannel, CreateCredential, CreateInvite, CreateMember, CreateMessage, CreateRole,
    CreateService, CreateUser, DeleteChannel, DeleteCredential, DeleteInvite, DeleteMember,
    DeleteMessage, DeleteRole, DeleteService, DeleteUser, FetchChannel, FetchCredential,
    FetchInvite, FetchMember, FetchMessage, FetchRole, FetchService, FetchUser, ListChannel,
    ListCredential, ListInvite, ListMember, ListMessage, ListRole, ListService, ListUser,
    ListUserChannel, UpdateChannel, UpdateCredential, UpdateMember, UpdateMessage, UpdateRole,
    UpdateService, UpdateUser,
);

stubs!(v2:
    CreateChannel, CreateChannelWebhook, CreateCredential, CreateInvite, CreateMember,
    CreateMessage, CreateRole, CreateService, CreateUser, DeleteBinding, DeleteChannel,
    DeleteChannelWebhook, DeleteCredential, DeleteInvite, DeleteMember, DeleteMessage,
    DeleteRole, DeleteService, DeleteUser, DeleteUserBinding, DeleteUserChannel, FetchBinding,
    FetchChannel, FetchChannelWebhook, FetchCredential, FetchInvite, FetchMember, FetchMessage,
    FetchRole, FetchService, FetchUser, FetchUserBinding, FetchUserChannel, ListBinding,
    ListChannel, ListChannelWebhook, ListCredential, ListInvite, ListMember, ListMessage,
    ListRole, ListService, ListUser, ListUserBinding, ListUserChannel, UpdateChannel,
    UpdateChannelWebhook, UpdateCredential, UpdateMember, UpdateMessage, UpdateRole,
    UpdateService, UpdateUser, UpdateUserChannel,
);

type Send =
    fn(&tokio::runtime::Runtime, &Client, &BlockingClient, &str, Value) -> Vec<Result<(), Error>>;

fn config(prism: &Prism) -> Config {
    Config::new(Credentials::auth_token(
        "AC0123456789abcdef0123456789abcdef",
        "not-a-real-token",
    ))
    .base_url(prism.url())
    .retry(RetryPolicy::none())
}

/// Sends every operation of `version` to Prism; returns how many were
/// accepted through both clients.
fn every_operation(version: &str, names: BTreeSet<&'static str>, send: Send) -> usize {
    let spec = load_spec(version);
    let operations = operations(&spec);
    let in_spec: BTreeSet<&str> = operations.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(in_spec, names, "the list of stubs above is the spec's");

    let prism = Prism::start(&served_spec(&spec, version), version);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = Client::new(config(&prism)).unwrap();
    let blocking = BlockingClient::new(config(&prism)).unwrap();
    let mut accepted = 0;
    let mut refused = Vec::new();
    for (name, params) in operations {
        let results = send(&runtime, &client, &blocking, &name, params.clone());
        let errors: Vec<String> = results
            .into_iter()
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect();
        if errors.is_empty() {
            accepted += 1;
        } else {
            refused.push(format!("{name} {params}\n  {}", errors.join("\n  ")));
        }
    }
    // Prism validated each request (both clients, every operation) and
    // found nothing to complain about.
    let expected = 2 * names.len();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut log = prism.log_text();
    while log
        .matches("The request passed the validation rules")
        .count()
        < expected
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
        log = prism.log_text();
    }
    if refused.is_empty() {
        assert_eq!(
            log.matches("The request passed the validation rules")
                .count(),
            expected,
            "{log}"
        );
        assert!(!log.contains("✖"), "{log}");
    }
    assert!(
        refused.is_empty(),
        "{} of {} {version} operations refused:\n{}\n--- Prism's log ---\n{}",
        refused.len(),
        names.len(),
        refused.join("\n"),
        prism.log_text()
    );
    accepted
}

#[test]
fn prism_accepts_every_v1_operation_with_every_parameter_set() {
    assert_eq!(every_operation("v1", v1::names(), v1::send), 40);
}

#[test]
fn prism_accepts_every_v2_operation_with_every_parameter_set() {
    assert_eq!(every_operation("v2", v2::names(), v2::send), 54);
}

#[test]
fn prism_refuses_an_invalid_request_and_a_missing_credential_with_typed_errors() {
    use twilio_chat::v2::{UpdateUser, UserWebhookEnabledType};

    let spec = load_spec("v2");
    let prism = Prism::start(&served_spec(&spec, "v2"), "v2-invalid");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = Client::new(config(&prism)).unwrap();
    let service = "IS0123456789abcdef0123456789abcdef".parse().unwrap();

    // A header value outside the spec's enum: the stub can hold it (enums
    // keep unknown values), the server refuses it.
    let update = UpdateUser::new(service, "maria")
        .x_twilio_webhook_enabled(UserWebhookEnabledType::Unknown("maybe".into()));
    let err = runtime.block_on(client.send(&update)).unwrap_err();
    match &err {
        Error::Api {
            status: 422, error, ..
        } => {
            let error = error.as_ref().expect("Prism's error body");
            assert_eq!(error.status, Some(422));
            let detail = serde_json::to_string(&error.other).unwrap();
            assert!(detail.contains("x-twilio-webhook-enabled"), "{detail}");
        }
        other => panic!("expected a 422, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("Twilio answered 422 Unprocessable Entity"),
        "{err}"
    );

    // The same valid request without credentials.
    let anonymous = Client::new(Config::anonymous().base_url(prism.url())).unwrap();
    let err = runtime
        .block_on(anonymous.send(&UpdateUser::new(service, "maria")))
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    runtime
        .block_on(client.send(&UpdateUser::new(service, "maria")))
        .unwrap();
}
