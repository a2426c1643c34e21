//! The OpenAPI document of `/api/v1`, built from the route list (routes.rs): each route's
//! summary and access, its path and query parameters, the schema of its body and of its
//! answers (the types the handlers read and serialise, through `ToSchema`), and its statuses.

use axum::http::Method;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, Info, ObjectBuilder, OpenApi, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder, Schema, Type,
};
use utoipa::{IntoParams, ToSchema};

use crate::access::Action;
use crate::api::{answers, auth, commands, constitution, reports, verify};
use crate::routes::Route;

/// What a route's body is.
#[derive(Clone, Copy)]
enum Body {
    None,
    /// JSON, of the named schema.
    Json(&'static str),
    /// A constitution: the TOML file, or its JSON form.
    Constitution,
    /// JSON Lines, as `jardins export jsonl` writes them.
    JsonLines,
}

/// What a route answers when it succeeds.
#[derive(Clone, Copy)]
enum Answer {
    /// JSON of the named schema.
    Schema(&'static str),
    /// A report, as `--format json` prints it; `private_total` when its totals say whether
    /// they count private gardens the reader may not see into.
    Report { private_total: bool },
    /// 204, no body.
    Nothing,
    /// This document.
    Document,
}

/// A route's body, answer and query parameters: one row per route of `/api/v1`. A route
/// without a row is documented without them, which the tests refuse for any that changes state.
fn shape(method: &Method, path: &str) -> (Body, Answer, Vec<Parameter>) {
    let none = Vec::new;
    let span = || reports::Span::into_params(|| Some(ParameterIn::Query));
    let report = |private_total| Answer::Report { private_total };
    let receipt = Answer::Schema("Receipt");
    match (method.as_str(), path) {
        ("GET", "/api/v1/openapi.json") => (Body::None, Answer::Document, none()),
        ("POST", "/api/v1/session") => (
            Body::Json("Credentials"),
            Answer::Schema("SignedIn"),
            none(),
        ),
        ("DELETE", "/api/v1/session") => (Body::None, Answer::Nothing, none()),
        ("POST", "/api/v1/invitation") => (Body::Json("SetPassword"), Answer::Nothing, none()),
        ("GET", "/api/v1/me") => (Body::None, Answer::Schema("Me"), none()),
        ("GET", "/api/v1/gardens") => (Body::None, Answer::Schema("GardenList"), none()),
        ("GET", "/api/v1/gardens/{garden}") => (Body::None, Answer::Schema("GardenAnswer"), none()),
        ("GET", "/api/v1/gardens/{garden}/balance") => (Body::None, report(false), span()),
        ("GET", "/api/v1/big-garden/balance") => (Body::None, report(true), span()),
        ("GET", "/api/v1/audit") => (Body::None, report(true), span()),
        ("GET", "/api/v1/gardens/{garden}/members") => {
            (Body::None, Answer::Schema("MemberList"), none())
        }
        ("GET", "/api/v1/gardens/{garden}/commitments")
        | ("GET", "/api/v1/commitments")
        | ("GET", "/api/v1/commitments/{commitment}")
        | ("GET", "/api/v1/entries/{sequence}") => (Body::None, report(false), none()),
        ("POST", "/api/v1/payments") => (Body::Json("PayBody"), receipt, none()),
        ("POST", "/api/v1/collections") => (Body::Json("CollectBody"), receipt, none()),
        ("POST", "/api/v1/expenses") => (Body::Json("ExpenseBody"), receipt, none()),
        ("POST", "/api/v1/reversals") => (Body::Json("ReverseBody"), receipt, none()),
        ("POST", "/api/v1/commitments") => (Body::Json("CommitBody"), receipt, none()),
        ("POST", "/api/v1/commitments/{commitment}/end") => {
            (Body::Json("EndBody"), receipt, none())
        }
        ("POST", "/api/v1/gardens/{garden}/members") => (Body::Json("JoinBody"), receipt, none()),
        ("POST", "/api/v1/gardens/{garden}/members/{person}/leave") => {
            (Body::Json("LeaveBody"), receipt, none())
        }
        ("POST", "/api/v1/roles") => (Body::Json("RoleBody"), receipt, none()),
        ("POST", "/api/v1/currencies") => (Body::Json("CurrencyBody"), receipt, none()),
        ("POST", "/api/v1/gardens") => (Body::Json("OpenBody"), receipt, none()),
        ("POST", "/api/v1/gardens/{garden}/close") => (Body::Json("CloseBody"), receipt, none()),
        ("POST", "/api/v1/gardens/{garden}/constitution") => (
            Body::Constitution,
            receipt,
            constitution::AdoptQuery::into_params(|| Some(ParameterIn::Query)),
        ),
        ("POST", "/api/v1/import") => (Body::JsonLines, Answer::Schema("Imported"), none()),
        ("GET", "/api/v1/verify") => (
            Body::None,
            Answer::Schema("Verified"),
            verify::VerifyQuery::into_params(|| Some(ParameterIn::Query)),
        ),
        ("POST", "/api/v1/access/invitations") => (
            Body::Json("PersonBody"),
            Answer::Schema("Invitation"),
            none(),
        ),
        ("POST", "/api/v1/access/tokens") => (
            Body::Json("PersonBody"),
            Answer::Schema("TokenIssued"),
            none(),
        ),
        ("POST", "/api/v1/access/disable") => {
            (Body::Json("PersonBody"), Answer::Schema("Disabled"), none())
        }
        ("GET", "/api/v1/access/journal") => (
            Body::None,
            Answer::Schema("Journal"),
            auth::JournalQuery::into_params(|| Some(ParameterIn::Query)),
        ),
        ("GET", "/api/v1/log") | ("GET", "/api/v1/journal") => (
            Body::None,
            report(false),
            crate::downloads::LogQuery::into_params(|| Some(ParameterIn::Query)),
        ),
        _ => (Body::None, report(false), none()),
    }
}

/// Every schema the document names, by its type's name.
fn components() -> utoipa::openapi::Components {
    fn add<T: ToSchema>(builder: ComponentsBuilder) -> ComponentsBuilder {
        builder.schema_from::<T>()
    }
    let mut builder = ComponentsBuilder::new();
    for adding in [
        add::<commands::PayBody>,
        add::<commands::CollectBody>,
        add::<commands::ExpenseBody>,
        add::<commands::ReverseBody>,
        add::<commands::CommitBody>,
        add::<commands::EndBody>,
        add::<commands::JoinBody>,
        add::<commands::LeaveBody>,
        add::<commands::RoleBody>,
        add::<commands::CurrencyBody>,
        add::<commands::CoreBody>,
        add::<commands::OpenBody>,
        add::<commands::CloseBody>,
        add::<auth::Credentials>,
        add::<auth::SetPassword>,
        add::<auth::PersonBody>,
        add::<answers::Receipt>,
        add::<answers::ErrorBody>,
        add::<answers::GardenAnswer>,
        add::<answers::GardenList>,
        add::<answers::MemberAnswer>,
        add::<answers::MemberList>,
        add::<answers::SignedIn>,
        add::<answers::Me>,
        add::<answers::Invitation>,
        add::<answers::TokenIssued>,
        add::<answers::Disabled>,
        add::<answers::JournalLine>,
        add::<answers::Journal>,
        add::<answers::Imported>,
        add::<verify::EntryHash>,
        add::<verify::Held>,
        add::<verify::CheckpointHeld>,
        add::<verify::Verified>,
    ] {
        builder = adding(builder);
    }
    builder.build()
}

fn named(schema: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(schema))
}

fn json_content(schema: RefOr<Schema>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema)).build()
}

/// A report's schema: an object as `--format json` prints it.
fn report_schema(private_total: bool) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("As the command line's `--format json` prints it."));
    if private_total {
        object = object.property(
            "includes_private_gardens",
            ObjectBuilder::new().schema_type(Type::Boolean).description(Some(
                "The totals count a private garden the reader may not see into (nothing more of it is said).",
            )),
        );
    }
    RefOr::T(Schema::Object(object.build()))
}

fn request_body(body: Body) -> Option<utoipa::openapi::request_body::RequestBody> {
    let text = |description: &str| {
        ContentBuilder::new()
            .schema(Some(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(description))
                    .build(),
            ))))
            .build()
    };
    let builder = RequestBodyBuilder::new().required(Some(Required::True));
    let builder = match body {
        Body::None => return None,
        Body::Json(schema) => builder.content("application/json", json_content(named(schema))),
        Body::Constitution => builder
            .description(Some(
                "The constitution file as `jardins garden constitution` reads it (TOML, events/constitutions/README.md), or the same keys as JSON.",
            ))
            .content("application/toml", text("The TOML file."))
            .content(
                "application/json",
                json_content(RefOr::T(Schema::Object(
                    ObjectBuilder::new()
                        .schema_type(Type::Object)
                        .description(Some("The TOML file's keys and values, as JSON."))
                        .build(),
                ))),
            ),
        Body::JsonLines => builder.content(
            "application/jsonl",
            text("One event per line, as `jardins export jsonl` or `jardins generate` write them."),
        ),
    };
    Some(builder.build())
}

/// `{garden}`-style segments of a route's path, as path parameters.
fn path_parameters(path: &str) -> Vec<Parameter> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(RefOr::T(Schema::Object(
                    ObjectBuilder::new().schema_type(Type::String).build(),
                ))))
                .build()
        })
        .collect()
}

/// The statuses a route may answer besides its success, by what it does.
fn failures(route: &Route, body: Body) -> Vec<(&'static str, &'static str)> {
    let mut statuses = match (route.action, &route.method) {
        (Action::Public, _) => vec![
            ("400", "malformed"),
            ("401", "wrong credentials"),
            ("429", "too many attempts: Retry-After"),
        ],
        (Action::SeeLog, _) => vec![
            ("400", "a malformed filter, or a format not offered"),
            ("401", "no credentials"),
            ("404", "the garden named is unknown, or private to others"),
        ],
        (_, &Method::POST) => vec![
            ("400", "malformed, or no Idempotency-Key"),
            ("401", "no credentials"),
            (
                "403",
                "not allowed, or a cookie request without proof of origin",
            ),
            ("404", "unknown, or private to others"),
            ("409", "Idempotency-Key used for another request"),
            (
                "422",
                "refused by a rule: {error, rule, message, values}, the rule's values as data",
            ),
            ("503", "busy: Retry-After"),
        ],
        _ => vec![
            ("401", "no credentials"),
            ("403", "not allowed"),
            ("404", "unknown, or private to others"),
        ],
    };
    if matches!(body, Body::JsonLines) {
        statuses.push(("413", "the body is above the import limit"));
    }
    statuses
}

/// The OpenAPI document of `/api/v1`, built from the route list.
pub fn openapi(list: &[Route]) -> OpenApi {
    let mut paths = PathsBuilder::new();
    for route in list.iter().filter(|r| r.path.starts_with("/api/v1")) {
        let method = match route.method {
            Method::GET => HttpMethod::Get,
            Method::POST => HttpMethod::Post,
            Method::DELETE => HttpMethod::Delete,
            _ => continue,
        };
        let (body, answer, query) = shape(&route.method, route.path);
        let mut operation = OperationBuilder::new()
            .summary(Some(route.summary))
            .description(Some(format!("Access: {:?}", route.action)))
            .request_body(request_body(body));
        for parameter in path_parameters(route.path).into_iter().chain(query) {
            operation = operation.parameter(parameter);
        }
        let success = match answer {
            Answer::Nothing => ("204", ResponseBuilder::new().description("done")),
            Answer::Schema(schema) => {
                let status = if route.method == Method::POST && route.action != Action::Public {
                    "201"
                } else {
                    "200"
                };
                let description = if schema == "Receipt" {
                    "recorded: the receipt"
                } else {
                    "done"
                };
                (
                    status,
                    ResponseBuilder::new()
                        .description(description)
                        .content("application/json", json_content(named(schema))),
                )
            }
            Answer::Document => (
                "200",
                ResponseBuilder::new().description("this document").content(
                    "application/json",
                    json_content(RefOr::T(Schema::Object(
                        ObjectBuilder::new()
                            .schema_type(Type::Object)
                            .description(Some("OpenAPI 3.1"))
                            .build(),
                    ))),
                ),
            ),
            Answer::Report { private_total } => (
                "200",
                ResponseBuilder::new().description("the report").content(
                    "application/json",
                    json_content(report_schema(private_total)),
                ),
            ),
        };
        operation = operation.response(success.0, success.1);
        for (status, description) in failures(route, body) {
            let response = ResponseBuilder::new()
                .description(description)
                .content("application/json", json_content(named("ErrorBody")));
            operation = operation.response(status, response);
        }
        paths = paths.path(route.path, PathItem::new(method, operation));
    }
    let mut info = Info::new("jardins", env!("CARGO_PKG_VERSION"));
    info.description = Some(
        "The ledger of les jardins du Nous: reports and commands. See docs/API.md.".to_string(),
    );
    let mut document = OpenApi::new(info, paths);
    document.components = Some(components());
    document
}
