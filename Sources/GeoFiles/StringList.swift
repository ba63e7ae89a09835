import CGDAL

/// A NULL-terminated list of C strings (GDAL's `char **` options), alive for one call.
struct StringList {
    let items: [String]

    init(_ items: [String]) { self.items = items }

    /// Calls `body` with the list, or with NULL when it is empty.
    func withPointer<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        guard !items.isEmpty else { return try body(nil) }
        let copies = items.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        pointers.append(nil)
        return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
    }
}
