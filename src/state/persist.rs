//! The view persisted between runs: state, map centre and zoom. A saved view that cannot be
//! read gives the defaults and a notice, never a crash.

use serde::{Deserialize, Serialize};

use super::State;

/// Key in eframe's storage.
pub const KEY: &str = "tumen-atlas-view";

/// What is saved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Saved {
    /// User state.
    pub state: State,
    /// Map centre (lon, lat), if the user moved the map.
    pub centre: Option<(f64, f64)>,
    /// Map zoom.
    pub zoom: Option<f64>,
}

/// Reads a saved view. `None` text (first run) gives `Ok(None)`; unreadable text gives an error
/// message for the notice.
///
/// A view saved by another version (a setting this version does not know, or a value it
/// cannot read) keeps every setting that can be read; the others get their defaults and a
/// notice in the state's messages names them.
pub fn restore(text: Option<&str>) -> Result<Option<Saved>, String> {
    let Some(text) = text else { return Ok(None) };
    serde_json::from_str::<Saved>(text).map(Some).or_else(|e| {
        restore_what_can_be_read(text).map(Some).ok_or_else(|| {
            format!("The saved view could not be read ({e}); starting with the default view.")
        })
    })
}

/// The settings of a saved view that can be read one by one, with a notice naming the rest;
/// `None` when the text is not a JSON object.
fn restore_what_can_be_read(text: &str) -> Option<Saved> {
    use serde_json::{Map, Value};
    let Ok(Value::Object(top)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let mut kept = Map::new();
    let mut reset = Vec::new();
    match top.get("state") {
        Some(Value::Object(saved)) => {
            for (key, value) in saved {
                let mut trial = kept.clone();
                trial.insert(key.clone(), value.clone());
                if serde_json::from_value::<State>(Value::Object(trial)).is_ok() {
                    kept.insert(key.clone(), value.clone());
                } else {
                    reset.push(key.clone());
                }
            }
        }
        None => {}
        Some(_) => reset.push("state".to_string()),
    }
    let mut state: State = serde_json::from_value(Value::Object(kept)).ok()?;
    let centre: Option<(f64, f64)> = read_key(&top, "centre", &mut reset);
    let zoom: Option<f64> = read_key(&top, "zoom", &mut reset);
    if !reset.is_empty() {
        state.messages.push(format!(
            "The saved view was written by another version of Tumen Atlas. These settings could \
             not be read and are back to their defaults: {}. Everything else was restored.",
            reset.join(", ")
        ));
    }
    Some(Saved {
        state,
        centre,
        zoom,
    })
}

/// `top[key]` as a `T`; `None` when absent or null, and also when unreadable, which adds `key`
/// to `reset`.
fn read_key<T: serde::de::DeserializeOwned>(
    top: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    reset: &mut Vec<String>,
) -> Option<T> {
    let value = top.get(key).filter(|v| !v.is_null())?;
    let got = serde_json::from_value(value.clone()).ok();
    if got.is_none() {
        reset.push(key.to_string());
    }
    got
}

/// Serialises a view for saving.
pub fn save(saved: &Saved) -> Option<String> {
    serde_json::to_string(saved).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_view_round_trips() {
        let mut state = State {
            year: 2018,
            ..State::default()
        };
        state.selection.insert("CN-JL".into());
        let text = save(&Saved {
            state,
            centre: Some((129.0, 43.0)),
            zoom: Some(7.0),
        })
        .expect("serialises");
        let back = restore(Some(&text)).expect("reads").expect("some");
        assert_eq!(back.state.year, 2018);
        assert!(back.state.selection.contains(&"CN-JL".into()));
        assert_eq!(back.zoom, Some(7.0));
    }

    #[test]
    fn a_view_saved_before_classes_existed_still_loads_with_the_default_classes() {
        let text = r#"{"state":{"year":2017,"scale":"Log"},"centre":null,"zoom":5.0}"#;
        let back = restore(Some(text)).expect("reads").expect("some");
        assert_eq!(back.state.year, 2017);
        assert_eq!(back.state.scale, crate::state::Scale::Log);
        assert_eq!(back.state.classes, crate::state::Classes::Quantiles);
        assert_eq!(back.state.class_count, crate::state::DEFAULT_CLASS_COUNT);
    }

    #[test]
    fn classes_round_trip_with_the_view() {
        let state = State {
            classes: crate::state::Classes::Jenks,
            class_count: 4,
            domain: crate::state::ScaleDomain::View,
            ..State::default()
        };
        let text = save(&Saved {
            state,
            centre: None,
            zoom: None,
        })
        .expect("serialises");
        let back = restore(Some(&text)).expect("reads").expect("some").state;
        assert_eq!(
            (back.classes, back.class_count, back.domain),
            (
                crate::state::Classes::Jenks,
                4,
                crate::state::ScaleDomain::View
            )
        );
    }

    #[test]
    fn a_view_from_a_future_version_keeps_what_it_can_and_names_the_rest() {
        let text = r#"{"version":9,"state":{"year":2018,"selection":["CN-JL"],
            "metric":"carbon_intensity","theme":"Sepia","new_setting":[1,2]},
            "centre":[129.5,43.0],"zoom":"far"}"#;
        let back = restore(Some(text)).expect("reads").expect("some");
        assert_eq!(back.state.year, 2018);
        assert!(back.state.selection.contains(&"CN-JL".into()));
        assert_eq!(back.state.metric, State::default().metric);
        assert_eq!(back.state.theme, State::default().theme);
        assert_eq!(back.centre, Some((129.5, 43.0)));
        assert_eq!(back.zoom, None);
        assert_eq!(back.state.messages.len(), 1, "{:?}", back.state.messages);
        let notice = &back.state.messages[0];
        assert!(
            notice.contains("metric, theme, zoom") && notice.contains("another version"),
            "{notice}"
        );
    }

    #[test]
    fn garbage_is_reported_as_such() {
        let err = restore(Some("{not json")).expect_err("must fail");
        assert!(err.contains("could not be read"), "{err}");
        assert!(restore(None).expect("first run").is_none());
    }
}
