#ifndef PERMITWATCH_CGDAL_SHIM_H
#define PERMITWATCH_CGDAL_SHIM_H

// GDAL's C API (Debian's libgdal-dev puts its headers in /usr/include/gdal; their own includes
// are quoted, so they are found beside each other). Only the vector side is used: OGR layers,
// features and geometries, OSR coordinate systems and transformations, CPL errors and options.
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_string.h>

// Nothing variadic is used: CPLError (variadic) is never called from Swift, and errors are
// received through a handler pushed per call (CPLPushErrorHandlerEx, non-variadic).

#endif
