"""Breaking-change comparison of two OpenAPI documents."""
