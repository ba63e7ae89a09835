import Foundation
import GeoKit
import Store

/// Where a catalog query's rows go, one at a time.
public protocol QueryResultWriter: AnyObject {
    /// Whether the output cannot do without a geometry column (GeoJSON).
    var needsGeometry: Bool { get }
    /// Whether the output shows geometries (GeoJSON, JSON); others are spared decoding them.
    var wantsGeometry: Bool { get }
    func begin(columns: [String], geometryColumn: Int?) throws
    /// One row; `geometry` is the decoded geometry column, when the query has one.
    func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws
    func end() throws
}

extension QueryResultWriter {
    public var needsGeometry: Bool { false }
    public var wantsGeometry: Bool { needsGeometry }
}

/// Buffered bytes to a file handle: writers append, the sink flushes every 64 KB.
public final class ByteSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public init(_ handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) { buffer.append(contentsOf: text.utf8); flushIfFull() }
    public func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes); flushIfFull() }

    private func flushIfFull() { if buffer.count >= 1 << 16 { flush() } }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

extension SQLValue {
    /// The value as text for tables and CSV: numbers as they are (no decimal point added to
    /// integral reals), blobs summarised.
    var displayText: String {
        switch self {
        case .null: ""
        case .integer(let v): String(v)
        case .real(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .text(let v): v
        case .blob(let v): "<\(v.count) bytes>"
        }
    }
}
