//! What search engines read beyond the page's text: schema.org markup.

use serde_json::json;

use super::product::ProductDetail;

/// schema.org `Product` with its price range, availability and rating, as
/// JSON that is safe inside `<script type="application/ld+json">`.
pub fn product_json_ld(product: &ProductDetail, base_url: &str, currency: &str) -> String {
    let url = format!("{base_url}/p/{}", product.slug);
    let (low, high) = product.price_range().unwrap_or((0, 0));
    let availability = if product.total_stock() > 0 {
        "https://schema.org/InStock"
    } else {
        "https://schema.org/OutOfStock"
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.subtitle,
        "url": url,
        "image": product.images.iter().map(|i| format!("{base_url}{}", i.path)).collect::<Vec<_>>(),
        "sku": product.skus.first().map(|s| s.code.as_str()),
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": currency,
            "lowPrice": major_units(low),
            "highPrice": major_units(high),
            "offerCount": product.skus.len(),
            "availability": availability,
            "url": url,
        },
    });
    if let Some(brand) = &product.brand {
        value["brand"] = json!({ "@type": "Brand", "name": brand });
    }
    if let Some(average) = product.rating.label() {
        value["aggregateRating"] = json!({
            "@type": "AggregateRating",
            "ratingValue": average,
            "reviewCount": product.rating.count,
        });
    }
    // `</script>` inside a string would end the element early.
    value.to_string().replace('<', "\\u003c")
}

/// `12.34` for 1234 fen: schema.org wants a decimal price.
fn major_units(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_decimal_strings() {
        assert_eq!(major_units(19_900), "199.00");
        assert_eq!(major_units(5), "0.05");
    }
}
