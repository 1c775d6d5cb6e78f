//! Embedded fonts so that Chinese, Korean and Cyrillic text renders everywhere, in tests too,
//! without system fonts: DejaVu Sans (symbols, Bitstream Vera licence), NanumGothic (Hangul,
//! OFL-1.1) and Droid Sans Fallback (CJK, Apache-2.0). Licences are in `assets/fonts/`.
//!
//! Droid Sans Fallback (4 MB, 49k glyphs) is the last of the fallbacks and only Chinese and
//! Japanese text that the others lack needs it, so it is not parsed at start: a font provider
//! hands it to egui the first time a character only it has is laid out. egui then appends it
//! to the family's fallback chain before drawing that character, so the chain is the one it
//! always was (egui's fonts, DejaVu Sans, NanumGothic, Droid Sans Fallback) and nothing is
//! ever drawn as a blank box in the meantime.

use std::sync::Arc;

use egui::{FallbackRequest, FontData, FontDefinitions, FontFamily, FontInsert, FontProvider};

/// The fallbacks installed at start, in the order egui tries them after its own fonts.
const FALLBACKS: [(&str, &[u8]); 2] = [
    (
        "dejavu-sans",
        include_bytes!("../assets/fonts/DejaVuSans.ttf"),
    ),
    (
        "nanum-gothic",
        include_bytes!("../assets/fonts/NanumGothic.ttf"),
    ),
];

/// The last fallback, installed when first needed ([`CjkFallback`]).
const CJK_NAME: &str = "droid-sans-fallback";
const CJK_BYTES: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

/// egui's default fonts with the fallbacks used from the start appended to both families.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for (name, bytes) in FALLBACKS {
        defs.font_data
            .insert(name.to_string(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            defs.families
                .entry(family)
                .or_default()
                .push(name.to_string());
        }
    }
    defs
}

/// Installs [`definitions`] and the [`CjkFallback`] provider into a context (app start and
/// test harness setup).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    // Setting providers makes egui reload its fonts (a new glyph atlas), so only once per
    // context: a copy of the app drawn off screen in the same context must draw the same.
    let key = egui::Id::unique("tumen-atlas-cjk-fallback-provider");
    if !ctx.data(|d| d.get_temp::<bool>(key).unwrap_or(false)) {
        ctx.set_font_providers(vec![Arc::new(CjkFallback)]);
        ctx.data_mut(|d| d.insert_temp(key, true));
    }
}

/// Gives egui Droid Sans Fallback for a character none of the installed fonts has, if it has
/// it (egui asks once per family and character, and installs the font once).
#[derive(Debug, Clone, Copy)]
pub struct CjkFallback;

impl CjkFallback {
    /// Whether Droid Sans Fallback has a glyph for `c`.
    pub fn covers(c: char) -> bool {
        use skrifa::MetadataProvider as _;
        skrifa::FontRef::new(CJK_BYTES).is_ok_and(|font| font.charmap().map(c).is_some())
    }
}

impl FontProvider for CjkFallback {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        Self::covers(c).then(|| {
            FontInsert::new(
                CJK_NAME,
                FontData::from_static(CJK_BYTES),
                Vec::new(), // egui adds the requesting family
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_come_from_droid_sans_fallback_and_latin_ones_do_not() {
        assert!(CjkFallback::covers('边'));
        assert!(CjkFallback::covers('吉'));
        assert!(!CjkFallback::covers('\u{10FFFD}'));
    }
}
