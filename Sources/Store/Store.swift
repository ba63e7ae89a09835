// The SpatiaLite store lives here.
