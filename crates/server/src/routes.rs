//! Every route: method, path, the action it asks the access table for, and its handler. The
//! router is built from this list, and so are the OpenAPI document and the authorization
//! matrix test: a route cannot exist without its row.

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter};
use axum::Router;
use utoipa::openapi::OpenApi;

use crate::access::Action;
use crate::api::{self, auth, commands, constitution, import, reports, verify};
use crate::pages;
use crate::pages::forms::{self, EntryForm};
use crate::state::AppState;

/// One route, as the list records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub action: Action,
    pub summary: &'static str,
}

struct Routes {
    router: Router<AppState>,
    list: Vec<Route>,
}

impl Routes {
    /// The one way a route is added: with its action and summary.
    fn add<H, T>(
        mut self,
        method: Method,
        path: &'static str,
        action: Action,
        summary: &'static str,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("a method axum routes");
        self.router = self.router.route(path, on(filter, handler));
        self.list.push(Route {
            method,
            path,
            action,
            summary,
        });
        self
    }

    /// A record form: its page and its POST, both under the form's action.
    fn form<F: EntryForm>(self) -> Self {
        self.add(
            Method::GET,
            F::PATH,
            F::ACTION,
            F::SUMMARY_GET,
            forms::show::<F>,
        )
        .add(
            Method::POST,
            F::PATH,
            F::ACTION,
            F::SUMMARY_POST,
            forms::submit::<F>,
        )
    }
}

/// The router and the list of its routes.
pub fn routes() -> (Router<AppState>, Vec<Route>) {
    use Action::*;
    let (get, post, delete) = (Method::GET, Method::POST, Method::DELETE);
    let r = Routes {
        router: Router::new(),
        list: Vec::new(),
    };
    let r = r
        .add(get.clone(), "/healthz", Public, "The server is up", healthz)
        .add(
            get.clone(),
            "/static/style.css",
            Public,
            "The pages' stylesheet",
            pages::stylesheet,
        )
        .add(
            get.clone(),
            "/lang/{lang}",
            Public,
            "Choose the pages' language (remembered in a cookie)",
            pages::switch_language,
        )
        .add(
            get.clone(),
            "/sign-in",
            Public,
            "The sign-in page",
            pages::sign_in::sign_in_form,
        )
        .add(
            post.clone(),
            "/sign-in",
            Public,
            "Sign in from the form",
            pages::sign_in::sign_in_submit,
        )
        .add(
            get.clone(),
            "/invitation/{secret}",
            Public,
            "The page to set a password",
            pages::sign_in::password_form,
        )
        .add(
            post.clone(),
            "/invitation/{secret}",
            Public,
            "Set a password from an invitation",
            pages::sign_in::password_submit,
        )
        .add(
            post.clone(),
            "/sign-out",
            OwnSession,
            "Sign out from the pages",
            pages::sign_in::sign_out,
        )
        .add(
            get.clone(),
            "/",
            OwnSession,
            "Home: my gardens",
            pages::home::home,
        )
        .add(
            get.clone(),
            "/gardens/{garden}",
            SeeBalance,
            "A garden's page",
            pages::garden::garden,
        )
        .form::<pages::record::Contribution>()
        .form::<pages::record::Collection>()
        .form::<pages::record::Expense>()
        .form::<pages::record::RoleValued>()
        .form::<pages::record::Reversal>()
        .form::<pages::members::CommitmentMake>()
        .form::<pages::members::CommitmentEnd>()
        .form::<pages::members::Join>()
        .form::<pages::members::Leave>()
        .add(
            get.clone(),
            "/log",
            SeeLog,
            "The log page: the entries the person may see, filtered",
            pages::log::log_page,
        )
        .add(
            get.clone(),
            "/log/download",
            SeeLog,
            "The log page's entries as a file (csv, csv-fr, jsonl, journal, json)",
            pages::log::log_download,
        )
        .add(
            get.clone(),
            "/audit",
            SeeAudit,
            "The audit page, and its check of a pasted checkpoint statement",
            pages::audit::audit,
        )
        .add(
            get.clone(),
            "/api/v1/openapi.json",
            Public,
            "This document",
            openapi_json,
        )
        .add(
            post.clone(),
            "/api/v1/session",
            Public,
            "Sign in: {person, password}",
            auth::api_sign_in,
        )
        .add(
            delete.clone(),
            "/api/v1/session",
            OwnSession,
            "Sign out",
            auth::api_sign_out,
        )
        .add(
            post.clone(),
            "/api/v1/invitation",
            Public,
            "Set a password: {invitation, password}",
            auth::api_set_password,
        )
        .add(
            get.clone(),
            "/api/v1/me",
            OwnSession,
            "Who is signed in",
            auth::me,
        )
        .add(
            get.clone(),
            "/api/v1/gardens",
            ListGardens,
            "Every garden's name and kind",
            reports::gardens,
        )
        .add(
            get.clone(),
            "/api/v1/gardens/{garden}",
            ListGardens,
            "A garden's name and kind",
            reports::garden,
        )
        .add(
            get.clone(),
            "/api/v1/gardens/{garden}/balance",
            SeeBalance,
            "A garden's balance (as `jardins balance --format json`)",
            reports::garden_balance,
        )
        .add(
            get.clone(),
            "/api/v1/gardens/{garden}/members",
            SeeBooks,
            "A garden's members",
            reports::members,
        )
        .add(
            get.clone(),
            "/api/v1/gardens/{garden}/commitments",
            SeeBooks,
            "A garden's commitments (as `jardins commitments --format json`)",
            reports::garden_commitments,
        )
        .add(
            get.clone(),
            "/api/v1/big-garden/balance",
            SeeBigGarden,
            "The big garden's balance",
            reports::big_garden_balance,
        )
        .add(
            get.clone(),
            "/api/v1/audit",
            SeeAudit,
            "The audit of flows to the big garden (as `jardins audit --format json`)",
            reports::audit,
        )
        .add(
            get.clone(),
            "/api/v1/commitments",
            Stewardship,
            "Every garden's commitments",
            reports::all_commitments,
        )
        .add(
            get.clone(),
            "/api/v1/commitments/{commitment}",
            SeeBooks,
            "One commitment and its standing",
            reports::commitment,
        )
        .add(
            get.clone(),
            "/api/v1/log",
            SeeLog,
            "The log of the entries the person may see (as `jardins log`): ?garden=&member=&kind=&from=&to=&format=json|csv|csv-fr|jsonl",
            api::downloads::log,
        )
        .add(
            get.clone(),
            "/api/v1/journal",
            SeeLog,
            "The entries the person may see as an hledger journal (as `jardins export journal`), with the log's filter",
            api::downloads::journal,
        )
        .add(
            get.clone(),
            "/api/v1/entries/{sequence}",
            SeeBooks,
            "One entry of the log",
            reports::entry,
        )
        .add(
            post.clone(),
            "/api/v1/payments",
            RecordGardenEntry,
            "Record a payment (jardins pay)",
            commands::record::<commands::PayBody>,
        )
        .add(
            post.clone(),
            "/api/v1/collections",
            RecordGardenEntry,
            "Record a collection (jardins collect)",
            commands::record::<commands::CollectBody>,
        )
        .add(
            post.clone(),
            "/api/v1/expenses",
            RecordGardenEntry,
            "Record an expense (jardins expense)",
            commands::record::<commands::ExpenseBody>,
        )
        .add(
            post.clone(),
            "/api/v1/reversals",
            RecordGardenEntry,
            "Reverse an entry (jardins reverse)",
            commands::record::<commands::ReverseBody>,
        )
        .add(
            post.clone(),
            "/api/v1/commitments",
            RecordOwnCommitment,
            "Make a commitment (jardins commit)",
            commands::record::<commands::CommitBody>,
        )
        .add(
            post.clone(),
            "/api/v1/commitments/{commitment}/end",
            RecordOwnCommitment,
            "End a commitment (jardins commit end)",
            commands::record::<commands::EndBody>,
        )
        .add(
            post.clone(),
            "/api/v1/gardens/{garden}/members",
            RecordGardenEntry,
            "A member joins (jardins member join)",
            commands::record::<commands::JoinBody>,
        )
        .add(
            post.clone(),
            "/api/v1/gardens/{garden}/members/{person}/leave",
            RecordGardenEntry,
            "A member leaves (jardins member leave)",
            commands::record::<commands::LeaveBody>,
        )
        .add(
            post.clone(),
            "/api/v1/roles",
            RecordGardenEntry,
            "Value a role (jardins role value)",
            commands::record::<commands::RoleBody>,
        )
        .add(
            post.clone(),
            "/api/v1/currencies",
            RecordBigGarden,
            "Declare a currency (jardins currency declare)",
            commands::record::<commands::CurrencyBody>,
        )
        .add(
            post.clone(),
            "/api/v1/gardens",
            RecordBigGarden,
            "Open a garden (jardins garden open)",
            commands::record::<commands::OpenBody>,
        )
        .add(
            post.clone(),
            "/api/v1/gardens/{garden}/close",
            RecordBigGarden,
            "Close a garden (jardins garden close)",
            commands::record::<commands::CloseBody>,
        )
        .add(
            post.clone(),
            "/api/v1/gardens/{garden}/constitution",
            RecordGardenEntry,
            "Adopt a version of the garden's constitution: the TOML file, or its JSON form (jardins garden constitution)",
            constitution::adopt,
        )
        .add(
            post.clone(),
            "/api/v1/import",
            ImportEntries,
            "Append the events of a JSON Lines body (jardins import)",
            import::import,
        )
        .add(
            get.clone(),
            "/api/v1/verify",
            VerifyChain,
            "Check the hash chain, and entries or a checkpoint kept outside the ledger (jardins verify)",
            verify::verify,
        )
        .add(
            post.clone(),
            "/api/v1/access/invitations",
            ManageAccess,
            "Invite a person to set a password",
            auth::invite,
        )
        .add(
            post.clone(),
            "/api/v1/access/tokens",
            ManageAccess,
            "A personal API token",
            auth::token,
        )
        .add(
            post.clone(),
            "/api/v1/access/disable",
            ManageAccess,
            "Disable a person",
            auth::disable,
        )
        .add(
            get,
            "/api/v1/access/journal",
            Stewardship,
            "The access journal",
            auth::journal,
        );
    (r.router, r.list)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
        .into_response()
}

/// The OpenAPI document of `/api/v1`, built from the route list (api/document.rs).
pub fn openapi() -> OpenApi {
    let (_, list) = routes();
    crate::api::document::openapi(&list)
}

/// The document as served (pretty JSON).
pub fn openapi_document() -> String {
    openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}
