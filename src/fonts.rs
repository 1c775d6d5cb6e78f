//! Embedded fonts so that Chinese, Korean and Cyrillic text renders everywhere, in tests too,
//! without system fonts: Droid Sans Fallback (CJK, Apache-2.0), NanumGothic (Hangul, OFL-1.1)
//! and DejaVu Sans (symbols, Bitstream Vera licence). Licences are in `assets/fonts/`.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const FALLBACKS: [(&str, &[u8]); 3] = [
    (
        "dejavu-sans",
        include_bytes!("../assets/fonts/DejaVuSans.ttf"),
    ),
    (
        "nanum-gothic",
        include_bytes!("../assets/fonts/NanumGothic.ttf"),
    ),
    (
        "droid-sans-fallback",
        include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf"),
    ),
];

/// egui's default fonts with the embedded fallbacks appended to both families.
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

/// Installs [`definitions`] into a context (app start and test harness setup).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
