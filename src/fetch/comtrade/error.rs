//! Why a fetch failed; every message names the request.

/// A fetch that failed. Every message names the request.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The request could not be made or answered (no network, refused, timed out).
    #[error("{request}: no answer: {message}")]
    Network {
        /// The request.
        request: String,
        /// What went wrong.
        message: String,
    },
    /// An HTTP error status.
    #[error("{request}: HTTP {status}: {body}")]
    Http {
        /// The request.
        request: String,
        /// The status code.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// Still 429 after the retries.
    #[error("{request}: HTTP 429 (too many requests) {tries} times; try again later")]
    RateLimited {
        /// The request.
        request: String,
        /// How many times.
        tries: u32,
    },
    /// The body is not the JSON the API sends.
    #[error("{request}: malformed answer: {message}")]
    Malformed {
        /// The request.
        request: String,
        /// What is wrong.
        message: String,
    },
    /// The body has an `error` field.
    #[error("{request}: the API says: {message}")]
    Api {
        /// The request.
        request: String,
        /// The API's message.
        message: String,
    },
    /// The answers hold no totals at all.
    #[error("{request}: the API returned no trade totals for this request")]
    Empty {
        /// The request (the first one).
        request: String,
    },
    /// One reporter-year-flow still fills a whole answer.
    #[error("{request}: the answer reached the {limit}-row limit and cannot be split further")]
    Truncated {
        /// The request.
        request: String,
        /// The limit.
        limit: usize,
    },
    /// A code the table does not know.
    #[error("{0}")]
    BadRequest(String),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
}
