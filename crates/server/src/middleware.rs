//! What wraps every route: the log line, the security headers, and the limits of `Limits`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::config::Limits;
use crate::error::ApiError;
use crate::state::AppState;

pub fn layered(router: Router<AppState>, limits: &Limits, https: bool) -> Router<AppState> {
    let header_bytes = limits.header_bytes;
    let in_flight = Arc::new(Semaphore::new(limits.requests_in_flight));
    router
        .layer(axum::extract::DefaultBodyLimit::max(limits.body_bytes))
        // The hard bound of every body; extractors hold bodies to `body_bytes`, and the import
        // reads its own, larger one (`import_bytes`) itself.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            limits.body_bytes.max(limits.import_bytes),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_time(),
        ))
        .layer(from_fn(move |request: Request, next: Next| {
            let in_flight = in_flight.clone();
            async move { guard(request, next, header_bytes, &in_flight).await }
        }))
        .layer(from_fn(move |request: Request, next: Next| async move {
            secure(request, next, https).await
        }))
        .layer(from_fn(log))
}

/// Headers too large: 431; too many requests in flight: 503 at once.
async fn guard(
    request: Request,
    next: Next,
    header_bytes: usize,
    in_flight: &Semaphore,
) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > header_bytes {
        return StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE.into_response();
    }
    let Ok(_place) = in_flight.try_acquire() else {
        return ApiError::Busy.into_response();
    };
    next.run(request).await
}

async fn secure(request: Request, next: Next, https: bool) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// One line per request: method, route (the pattern, not the ids), status, time, person.
async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(no route)".to_string());
    let span = tracing::info_span!("request", %method, %route, person = tracing::field::Empty);
    async move {
        let response = next.run(request).await;
        let status = response.status().as_u16();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if matches!(status, 401 | 403 | 404) && route != "(no route)" {
            tracing::warn!(status, ms, "refused");
        } else {
            tracing::info!(status, ms, "answered");
        }
        response
    }
    .instrument(span)
    .await
}
