import Foundation
import GeoKit

/// The part of a GeoJSON FeatureCollection an areas import reads, as `Decodable` types: what a
/// `JSONDecoder`-based reader would decode into.
struct DecodableGeoJSON: Decodable {
    struct Feature: Decodable {
        var type: String
        var properties: [String: DecodableJSONValue]?
        var geometry: Geometry?
    }

    /// Polygon and MultiPolygon only, the geometries of an areas file; coordinates are nested
    /// as deep as the type says.
    struct Geometry: Decodable {
        enum Coordinates {
            case polygon([[[Double]]])
            case multiPolygon([[[[Double]]]])
        }

        var coordinates: Coordinates

        private enum CodingKeys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .type) {
            case "Polygon":
                coordinates = .polygon(try container.decode([[[Double]]].self, forKey: .coordinates))
            case "MultiPolygon":
                coordinates = .multiPolygon(try container.decode([[[[Double]]]].self, forKey: .coordinates))
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: container, debugDescription: "expected a Polygon or MultiPolygon, found \(other)")
            }
        }
    }

    struct RingError: Error, CustomStringConvertible {
        var description: String
    }

    var type: String
    var features: [Feature]

    /// The features with their polygons, checked as `GeoJSONReader` checks rings.
    func polygonalFeatures() throws -> [GeoJSONFeature] {
        try features.enumerated().map { index, feature in
            guard let geometry = feature.geometry else { throw RingError(description: "feature \(index): no geometry") }
            let properties = JSONObject((feature.properties ?? [:]).map { ($0.key, $0.value.value) })
            switch geometry.coordinates {
            case .polygon(let rings):
                return GeoJSONFeature(index: index, properties: properties, geometry: .polygon(try Self.polygon(rings)))
            case .multiPolygon(let polygons):
                let multi = MultiPolygon(polygons: try polygons.map(Self.polygon))
                return GeoJSONFeature(index: index, properties: properties, geometry: .multiPolygon(multi))
            }
        }
    }

    static func polygon(_ rings: [[[Double]]]) throws -> Polygon {
        Polygon(rings: try rings.map { ring in
            let positions = try ring.map { position in
                guard position.count >= 2, position[0].isFinite, position[1].isFinite else {
                    throw RingError(description: "a position needs two finite numbers")
                }
                return Coordinate(position[0], position[1])
            }
            guard positions.count >= 4, positions.first == positions.last else {
                throw RingError(description: "a linear ring needs at least 4 positions, first = last")
            }
            return positions
        })
    }
}
