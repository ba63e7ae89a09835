#ifndef PERMITWATCH_CSPATIALITE_SHIM_H
#define PERMITWATCH_CSPATIALITE_SHIM_H

// <sqlite3.h> must come before the SpatiaLite headers, which use its types.
#include <sqlite3.h>
#include <spatialite/gaiageo.h>
#include <spatialite.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type pw_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type pw_sqlite_static(void) { return SQLITE_STATIC; }

#endif
