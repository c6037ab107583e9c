"""Transport: HTTPS server and listener, request handler, body framing, multipart reader, CGI plumbing, TLS, logs."""
