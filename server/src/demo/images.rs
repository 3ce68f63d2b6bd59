//! Product pictures drawn by the demo loader itself: one SVG per image,
//! so a fresh shop looks alive without downloading anything.

/// Background and accent colours, picked per product.
const PALETTE: &[(&str, &str)] = &[
    ("#fde2e4", "#e11d48"),
    ("#e0f2fe", "#0369a1"),
    ("#dcfce7", "#15803d"),
    ("#fef3c7", "#b45309"),
    ("#ede9fe", "#6d28d9"),
    ("#f1f5f9", "#334155"),
    ("#ffe4e6", "#be123c"),
    ("#ccfbf1", "#0f766e"),
];

/// An 800×800 picture of a product: its kind and brand on a coloured card.
/// `variant` shifts the colours so a product's pictures differ.
pub fn product_svg(seed: u64, variant: usize, kind: &str, brand: &str) -> String {
    let (background, accent) = PALETTE[(seed as usize + variant * 3) % PALETTE.len()];
    let radius = 180 + (seed % 90) as u32;
    let cx = 300 + (seed % 200) as u32;
    let kind = escape(kind);
    let brand = escape(brand);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800"><rect width="800" height="800" fill="{background}"/><circle cx="{cx}" cy="360" r="{radius}" fill="{accent}" opacity="0.18"/><rect x="220" y="250" width="360" height="260" rx="40" fill="{accent}" opacity="0.85"/><text x="400" y="610" font-family="system-ui, sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="{accent}">{brand}</text><text x="400" y="670" font-family="system-ui, sans-serif" font-size="32" text-anchor="middle" fill="#334155">{kind}</text></svg>"##
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picture_is_an_svg_with_the_names_escaped() {
        let svg = product_svg(7, 0, "Tea & <cups>", "Aurora");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Tea &amp; &lt;cups&gt;"));
        assert_ne!(
            svg,
            product_svg(7, 1, "Tea & <cups>", "Aurora"),
            "variants differ"
        );
    }
}
