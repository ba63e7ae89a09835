import Foundation
import GeoKit

/// One way of reading a GeoJSON file, from its bytes to a value a caller can use.
///
/// The first three stop at the generic tree (or the typed model); the last three go all the way
/// to features with polygons, which is what an import pays. Each returns a count so the optimiser
/// cannot drop the work.
enum ParseVariant: String, CaseIterable {
    /// GeoKit's hand-written `JSONParser`, to its `JSONValue` tree.
    case parser
    /// Foundation's `JSONSerialization.jsonObject`, to `NSDictionary`/`NSArray`/`NSNumber`.
    case serialization
    /// Foundation's `JSONDecoder` into `DecodableGeoJSON` (features, properties, coordinates).
    case decoder
    /// `GeoJSONReader(requiring: .polygonal)` as it ships: `JSONParser`, then the polygons.
    case reader
    /// `JSONSerialization`, converted to `JSONValue`, then the same `GeoJSONReader` checks.
    case serializationReader = "serialization-reader"
    /// `JSONDecoder` into the typed model, then the polygons with the same ring checks.
    case decoderReader = "decoder-reader"

    func run(_ data: Data) throws -> Int {
        switch self {
        case .parser:
            return try JSONParser().parse(data)["features"]?.arrayValue?.count ?? 0
        case .serialization:
            let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (document?["features"] as? [Any])?.count ?? 0
        case .decoder:
            return try JSONDecoder().decode(DecodableGeoJSON.self, from: data).features.count
        case .reader:
            return try GeoJSONReader(requiring: .polygonal).read(data).count
        case .serializationReader:
            let document = FoundationJSON.value(try JSONSerialization.jsonObject(with: data))
            return try GeoJSONReader(requiring: .polygonal).features(in: document).count
        case .decoderReader:
            return try JSONDecoder().decode(DecodableGeoJSON.self, from: data).polygonalFeatures().count
        }
    }
}
