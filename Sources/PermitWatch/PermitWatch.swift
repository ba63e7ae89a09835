// Use cases live here.
