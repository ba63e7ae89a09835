import GeoKit
import Store

/// Streams one page of items: the FeatureCollection's members as soon as the count is known,
/// then each feature, handed to the response 64 KB at a time.
///
/// A class rather than variables captured by the store's callbacks: a captured variable lives
/// in a heap box checked on every access, which cost a tenth of a 1,000-feature page.
final class FeaturePageWriter {
    private var writer = GeoJSONWriter(reservingCapacity: 1 << 17)
    private let encoder: FeatureEncoder
    private let output: ByteStream.Output
    private var written = 0
    /// Everything sent so far, while it stays under `keepLimit` (for the page cache).
    private(set) var kept: [UInt8]? = []
    private let keepLimit: Int

    init(encoder: FeatureEncoder, output: ByteStream.Output, keepingUpTo keepLimit: Int = 0) {
        self.encoder = encoder
        self.output = output
        self.keepLimit = keepLimit
        if keepLimit == 0 { kept = nil }
    }

    private func send(_ bytes: [UInt8]) throws {
        if kept != nil {
            if kept!.count + bytes.count <= keepLimit { kept!.append(contentsOf: bytes) } else { kept = nil }
        }
        try output.push(bytes)
    }

    func begin(members: JSONObject) {
        writer.beginFeatureCollection(members: members)
    }

    /// A feature the encoder wrote before (kept by the store), without its separator.
    func write(encoded bytes: [UInt8]) throws {
        // Work on a local writer: mutating a class's stored struct costs an exclusivity check per call.
        var w = GeoJSONWriter()
        swap(&w, &writer)
        defer { swap(&w, &writer) }
        if written > 0 { w.writeRaw(",") }
        w.writeRaw(bytes)
        written += 1
        if w.bytes.count >= 1 << 16 { try send(w.takeBytes()) }
    }

    /// The encoding `write(encoded:)` takes: the feature alone, no separator.
    func encode(_ row: FeatureRow) throws -> [UInt8] {
        var w = GeoJSONWriter(reservingCapacity: 1024)
        try encoder.write(row, separator: false, into: &w)
        return w.takeBytes()
    }

    func end() throws {
        writer.endFeatureCollection()
        writer.writeRaw("\n")
        try send(writer.takeBytes())
    }
}
