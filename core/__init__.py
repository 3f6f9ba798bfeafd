"""product-helper core: the product as a library, with no UI import anywhere below it."""
