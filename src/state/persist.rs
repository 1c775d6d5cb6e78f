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
pub fn restore(text: Option<&str>) -> Result<Option<Saved>, String> {
    let Some(text) = text else { return Ok(None) };
    serde_json::from_str::<Saved>(text).map(Some).map_err(|e| {
        format!("The saved view could not be read ({e}); starting with the default view.")
    })
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
    fn garbage_is_reported_as_such() {
        let err = restore(Some("{not json")).expect_err("must fail");
        assert!(err.contains("could not be read"), "{err}");
        assert!(restore(None).expect("first run").is_none());
    }
}
