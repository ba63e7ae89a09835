import Foundation
import GeoKit

/// How values without a column type of their own are written into a store's text columns, the
/// same in every store: a copy between stores, and an answer read from either, must find the
/// same text.
public enum StoredValueEncoding {
    /// A cluster's counts by status or industry: `{"registered":3,"unlicensed":5}`, in the order given.
    public static func jsonCounts(_ counts: [(String, Int)]) -> String {
        var writer = GeoJSONWriter()
        writer.writeJSON(.object(JSONObject(counts.map { ($0.0, .number(Double($0.1))) })))
        return writer.text
    }

    /// A cluster's towns or grids: `["440103001","440103002"]`.
    public static func jsonStrings(_ strings: [String]) -> String {
        var writer = GeoJSONWriter()
        writer.writeJSON(.array(strings.map { .string($0) }))
        return writer.text
    }

    /// An ingest's kept attribute columns: `["a","b"]`, or nil for none.
    public static func jsonArray(_ names: [String]) -> String? {
        guard !names.isEmpty, let data = try? JSONSerialization.data(withJSONObject: names) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The access tokens' key as `settings.access_token_key` holds it: lower-case hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The access tokens' key read back from `settings.access_token_key`; a value that is not
    /// at least 32 bytes in hexadecimal is a `StoreError` (a damaged or hand-edited setting).
    public static func accessTokenKey(hex text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex),
            let byte = UInt8(text[index..<next], radix: 16)
        {
            bytes.append(byte)
            index = next
        }
        guard bytes.count >= 32, index == text.endIndex else {
            throw StoreError(message: "settings.access_token_key is not a key of at least 32 bytes in hexadecimal")
        }
        return bytes
    }

    /// An area on the ground, as `areas.area_km2` holds it: the polygon projected to the store's
    /// metric CRS, in square kilometres.
    public static func squareKilometres(_ geometry: MultiPolygon, in crs: MetricCRS) -> Double {
        geometry.mapCoordinates { crs.forward($0) }.area / 1_000_000
    }
}
