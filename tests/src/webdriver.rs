//! A minimal W3C WebDriver client over blocking HTTP (`ureq`): just the commands the Sinkron
//! tests use — new session, find, click, type, read text and attributes, run a script, take a
//! screenshot. Small enough to read in one sitting; no async runtime.

use std::fmt;
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use ureq::Agent;

/// The W3C key under which an element reference travels.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The Tab key, as WebDriver spells keys.
pub const TAB: &str = "\u{E004}";

/// Something the remote end refused, or the HTTP exchange failed.
#[derive(Debug, Clone)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(90)))
        .build()
        .into()
}

/// Sends one command and returns its `value`, or the WebDriver error as `Err`.
fn send(agent: &Agent, method: &str, url: &str, body: Option<&Value>) -> Result<Value> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_json(json!({})),
    };
    let mut response = response.map_err(|e| Error(format!("{method} {url}: {e}")))?;
    let status = response.status();
    let reply: Value = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .map_err(|e| {
            Error(format!(
                "{method} {url}: HTTP {status}, unreadable reply: {e}"
            ))
        })?;
    let value = reply.get("value").cloned().unwrap_or(Value::Null);
    if status.is_success() {
        Ok(value)
    } else {
        let error = value
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("unknown error");
        let message = value.get("message").and_then(Value::as_str).unwrap_or("");
        Err(Error(format!(
            "{method} {url}: HTTP {status}: {error}: {message}"
        )))
    }
}

/// Whether a WebDriver server answers `GET /status` at `base` (e.g. `http://127.0.0.1:4444`).
pub fn is_ready(base: &str) -> bool {
    let agent: Agent = Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .into();
    agent.get(&format!("{base}/status")).call().is_ok()
}

/// One WebDriver session: one running app window.
#[derive(Debug)]
pub struct Session {
    agent: Agent,
    url: String,
    deleted: bool,
}

impl Session {
    /// Opens a session with the given capabilities (the app starts here).
    pub fn new(base: &str, capabilities: Value) -> Result<Session> {
        let agent = agent();
        let value = send(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(&capabilities),
        )?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error(format!("new session: no sessionId in {value}")))?;
        Ok(Session {
            agent,
            url: format!("{base}/session/{id}"),
            deleted: false,
        })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        send(
            &self.agent,
            method,
            &format!("{}{path}", self.url),
            body.as_ref(),
        )
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let value = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Element::from_value(self, &value)
    }

    /// Every element matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let value = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        value
            .as_array()
            .ok_or_else(|| Error(format!("find_all {css}: not a list: {value}")))?
            .iter()
            .map(|v| Element::from_value(self, v))
            .collect()
    }

    /// Waits until `css` matches an element.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element<'_>> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.find(css) {
                Ok(element) => return Ok(element),
                Err(e) if Instant::now() >= deadline => {
                    return Err(Error(format!("waited {timeout:?} for {css}: {e}")))
                }
                Err(_) => sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Polls `probe` until it returns `Some`, for at most `timeout`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Session) -> Result<Option<T>>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        let mut last = String::from("never true");
        loop {
            match probe(self) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last = e.to_string(),
            }
            if Instant::now() >= deadline {
                return Err(Error(format!("waited {timeout:?} for {what}: {last}")));
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Runs a synchronous script in the page and returns its result.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs an asynchronous script: its last argument is the callback that returns the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// The page's title.
    pub fn title(&self) -> Result<String> {
        Ok(self
            .cmd("GET", "/title", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// A PNG of the window as it is now.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let value = self.cmd("GET", "/screenshot", None)?;
        let b64 = value
            .as_str()
            .ok_or_else(|| Error("screenshot: not a string".into()))?;
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| Error(format!("screenshot: bad base64: {e}")))
    }

    /// Ends the session (the app closes).
    pub fn delete(mut self) -> Result<()> {
        self.deleted = true;
        self.cmd("DELETE", "", None).map(|_| ())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.deleted {
            let _ = self.cmd("DELETE", "", None);
        }
    }
}

/// An element of the page, found through a session.
#[derive(Debug, Clone)]
pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

impl<'s> Element<'s> {
    fn from_value(session: &'s Session, value: &Value) -> Result<Element<'s>> {
        let id = value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| Error(format!("not an element reference: {value}")))?;
        Ok(Element {
            session,
            id: id.to_string(),
        })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        self.session
            .cmd(method, &format!("/element/{}{path}", self.id), body)
    }

    pub fn click(&self) -> Result<()> {
        self.cmd("POST", "/click", None).map(|_| ())
    }

    pub fn clear(&self) -> Result<()> {
        self.cmd("POST", "/clear", None).map(|_| ())
    }

    /// Types `text` into the element (keys such as [`TAB`] included).
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.cmd("POST", "/value", Some(json!({ "text": text })))
            .map(|_| ())
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String> {
        Ok(self
            .cmd("GET", "/text", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// An HTML attribute, if present.
    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .cmd("GET", &format!("/attribute/{name}"), None)?
            .as_str()
            .map(str::to_string))
    }

    /// A DOM property (e.g. `value`).
    pub fn property(&self, name: &str) -> Result<Value> {
        self.cmd("GET", &format!("/property/{name}"), None)
    }

    /// Elements matching `css` inside this one.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'s>>> {
        let value = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        value
            .as_array()
            .ok_or_else(|| Error(format!("find_all {css}: not a list: {value}")))?
            .iter()
            .map(|v| Element::from_value(self.session, v))
            .collect()
    }
}
