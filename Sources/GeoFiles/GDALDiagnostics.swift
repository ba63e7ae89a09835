import CGDAL

/// What GDAL reported (through CPLError) while one call ran on this thread.
///
/// GDAL reports problems through a handler rather than return values, and prints them to
/// standard error when nobody listens. Every call into GDAL runs inside `collecting`, which
/// pushes a handler for this thread only (GDAL's handler stack is per thread), so messages are
/// neither printed nor mixed with another thread's.
final class GDALDiagnostics {
    private(set) var failures: [String] = []
    private(set) var warnings: [String] = []

    /// The failures joined for an error message, or nil when there were none.
    var failureText: String? { failures.isEmpty ? nil : failures.joined(separator: "; ") }

    fileprivate func record(_ level: CPLErr, _ message: String) {
        if level == CE_Failure || level == CE_Fatal {
            failures.append(message)
        } else if level == CE_Warning {
            warnings.append(message)
        }
    }

    /// Forgets the failures (after a caller has turned them into an error).
    func clearFailures() { failures.removeAll() }

    /// Runs `body` with GDAL's messages going to this collector.
    func collecting<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let context = Unmanaged.passRetained(self)
        CPLPushErrorHandlerEx(gdalDiagnosticsHandler, context.toOpaque())
        defer {
            CPLPopErrorHandler()
            context.release()
        }
        CPLErrorReset()
        return try body()
    }
}

/// The C handler: a plain function (no captured state), finding its collector through the
/// handler's user data.
private func gdalDiagnosticsHandler(_ level: CPLErr, _ number: CPLErrorNum, _ message: UnsafePointer<CChar>?) {
    guard let data = CPLGetErrorHandlerUserData() else { return }
    let diagnostics = Unmanaged<GDALDiagnostics>.fromOpaque(data).takeUnretainedValue()
    diagnostics.record(level, message.map { String(cString: $0) } ?? "GDAL error \(number)")
}
