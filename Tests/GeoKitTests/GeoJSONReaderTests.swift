import Foundation
import Testing

import GeoKit

/// Golden fixtures (Fixtures/geojson/): each file with exactly what reading it must produce.
@Suite("GeoJSONReader")
struct GeoJSONReaderTests {
    static func read(_ fixture: String, requiring requirement: GeoJSONReader.GeometryRequirement = .any) throws
        -> [GeoJSONFeature]
    {
        try GeoJSONReader(requiring: requirement).read(IOFixtures.geoJSON(fixture))
    }

    static func readError(_ fixture: String, requiring requirement: GeoJSONReader.GeometryRequirement = .any) throws
        -> GeoJSONError?
    {
        let data = try IOFixtures.geoJSON(fixture)
        do {
            _ = try GeoJSONReader(requiring: requirement).read(data)
            return nil
        } catch {
            return error
        }
    }

    static func readError(text: String) -> GeoJSONError? {
        do {
            _ = try GeoJSONReader().read(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    // MARK: Valid files

    @Test("polygon with a hole")
    func polygonWithHole() throws {
        let features = try Self.read("polygon_with_hole.geojson", requiring: .polygonal)
        let feature = try #require(features.first)
        #expect(features.count == 1)
        #expect(feature.index == 0)
        #expect(feature.id == .number(440_106_001))
        #expect(feature.properties.keys == ["NAME", "code", "grid_count", "area_km2", "active", "note"])
        #expect(feature.properties["NAME"] == .string("石牌街道"))
        #expect(feature.properties.value(forKeyIgnoringCase: "name") == .string("石牌街道"))
        #expect(feature.properties["code"] == .string("440106001"))
        #expect(feature.properties["grid_count"]?.intValue == 12)
        #expect(feature.properties["area_km2"] == .number(3.25))
        #expect(feature.properties["active"] == .bool(true))
        #expect(feature.properties["note"] == .null)
        let expected = Polygon(
            exterior: [
                Coordinate(113.30, 23.10), Coordinate(113.30, 23.14), Coordinate(113.36, 23.14),
                Coordinate(113.36, 23.10), Coordinate(113.30, 23.10),
            ],
            holes: [[
                Coordinate(113.32, 23.11), Coordinate(113.34, 23.11), Coordinate(113.34, 23.13),
                Coordinate(113.32, 23.13), Coordinate(113.32, 23.11),
            ]])
        #expect(feature.geometry == .polygon(expected))
        #expect(feature.geometry?.multiPolygon == MultiPolygon(polygons: [expected]))
        // Read as written: the clockwise exterior is not re-oriented on input.
        #expect(Polygon.signedDoubleArea(of: expected.exterior) < 0)
    }

    @Test("multipolygon, string id, elevations dropped")
    func multiPolygon() throws {
        let features = try Self.read("multipolygon.geojson", requiring: .polygonal)
        let feature = try #require(features.first)
        #expect(feature.id == .string("440511"))
        #expect(feature.properties["name"] == .string("金平区"))
        guard case .multiPolygon(let multi) = feature.geometry else {
            Issue.record("expected a MultiPolygon, got \(String(describing: feature.geometry))")
            return
        }
        #expect(multi.polygons.count == 2)
        #expect(multi.polygons[1].exterior == [
            Coordinate(116.75, 23.30), Coordinate(116.78, 23.30), Coordinate(116.78, 23.32), Coordinate(116.75, 23.30),
        ])
        #expect(multi.vertexCount == 9)
    }

    @Test("Chinese property names and values, in file order")
    func chineseProperties() throws {
        let feature = try #require(try Self.read("chinese_properties.geojson", requiring: .point).first)
        #expect(feature.properties.keys == ["名称", "行政区划代码", "人口", "面积", "备注", "标签", "Name"])
        #expect(feature.properties["名称"] == .string("天河区"))
        #expect(feature.properties["行政区划代码"] == .string("440106"))
        #expect(feature.properties["人口"]?.intValue == 2_241_826)
        #expect(feature.properties["面积"] == .number(96.33))
        #expect(feature.properties["备注"] == .null)
        #expect(feature.properties["标签"] == .array([.string("中心城区"), .string("广州")]))
        #expect(feature.properties.value(forKeyIgnoringCase: "NAME") == .string("Tianhe"))
        #expect(feature.geometry == .point(Coordinate(113.361, 23.1247)))
        #expect(feature.id == nil)
    }

    @Test("an empty FeatureCollection reads as no features")
    func emptyCollection() throws {
        #expect(try Self.read("empty_collection.geojson", requiring: .polygonal).isEmpty)
    }

    @Test("a Point in an areas file is fine for a reader that accepts any geometry")
    func pointAcceptedWhenAnyGeometry() throws {
        let features = try Self.read("point_in_areas_file.geojson")
        #expect(features.map(\.index) == [0, 1, 2])
        #expect(features.map { $0.geometry?.typeName } == ["Polygon", "MultiPolygon", "Point"])
        #expect(features[2].properties["name"] == .string("C"))
    }

    @Test("a single Feature and a bare geometry read as feature 0")
    func singleFeatureAndBareGeometry() throws {
        let feature = try GeoJSONReader().read(Array(
            #"{"type":"Feature","id":7,"properties":null,"geometry":{"type":"Point","coordinates":[113.5,22.5,12.0]}}"#.utf8))
        #expect(feature == [GeoJSONFeature(index: 0, id: .number(7), geometry: .point(Coordinate(113.5, 22.5)))])

        let bare = try GeoJSONReader().read(Array(
            #"{"type":"LineString","coordinates":[[113.5,22.5],[113.6,22.6]]}"#.utf8))
        #expect(bare == [GeoJSONFeature(index: 0, geometry: .lineString([Coordinate(113.5, 22.5), Coordinate(113.6, 22.6)]))])
    }

    @Test("every geometry type")
    func allGeometryTypes() throws {
        let text = #"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[
              {"type":"Point","coordinates":[1,2]},
              {"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}},
            {"type":"Feature","properties":{},"geometry":null}
            ]}
            """#
        let features = try GeoJSONReader().read(Array(text.utf8))
        #expect(features.map(\.geometry) == [
            .multiPoint([Coordinate(1, 2), Coordinate(3, 4)]),
            .multiLineString([[Coordinate(1, 2), Coordinate(3, 4)], [Coordinate(5, 6), Coordinate(7, 8)]]),
            .geometryCollection([
                .point(Coordinate(1, 2)),
                .polygon(Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)])),
            ]),
            nil,
        ])
    }

    @Test("the legacy crs member is exposed for a consistency check")
    func declaredCRS() throws {
        let document = try JSONParser().parse(
            #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[]}"#)
        #expect(GeoJSONReader.declaredCRSName(in: document) == "urn:ogc:def:crs:EPSG::4547")
        #expect(GeoJSONReader.declaredCRSName(in: ["type": "FeatureCollection"]) == nil)
    }

    // MARK: Rejected files

    struct Rejection: CustomTestStringConvertible, Sendable {
        let fixture: String
        let requirement: GeoJSONReader.GeometryRequirement
        let featureIndex: Int?
        let description: String
        var testDescription: String { fixture }
    }

    static let rejections: [Rejection] = [
        Rejection(
            fixture: "unclosed_ring.geojson", requirement: .any, featureIndex: 2,
            description: "feature 2: polygon ring 0 is not closed (first [113.1, 23.2] ≠ last [113.2, 23.3])"),
        Rejection(
            fixture: "ring_too_few_positions.geojson", requirement: .any, featureIndex: 0,
            description: "feature 0: polygon ring 1 has 3 positions; a linear ring needs at least 4"),
        Rejection(
            fixture: "point_in_areas_file.geojson", requirement: .polygonal, featureIndex: 2,
            description: "feature 2: geometry: expected a Polygon or MultiPolygon, found Point"),
        Rejection(
            fixture: "polygon_with_hole.geojson", requirement: .point, featureIndex: 0,
            description: "feature 0: geometry: expected a Point, found Polygon"),
        Rejection(
            fixture: "non_numeric_coordinate.geojson", requirement: .any, featureIndex: 0,
            description: "feature 0: geometry.coordinates[0][2][0]: expected a number, found the string \"113.1\""),
        Rejection(
            fixture: "nan_string_coordinate.geojson", requirement: .any, featureIndex: 1,
            description: "feature 1: geometry.coordinates[1]: coordinate is not a finite number (found the string \"NaN\")"),
        Rejection(
            fixture: "missing_ring_nesting.geojson", requirement: .polygonal, featureIndex: 0,
            description:
                "feature 0: geometry.coordinates: expected an array of linear rings, found an array of positions (one level of [ ] missing?)"),
        Rejection(
            fixture: "topology.json", requirement: .any, featureIndex: nil,
            description: "not a GeoJSON FeatureCollection: top-level \"type\" is \"Topology\""),
        Rejection(
            fixture: "trailing_comma.geojson", requirement: .any, featureIndex: nil,
            description:
                "not valid JSON: line 2, column 46 (byte 86): expected a member after ',' (trailing commas are not allowed), found '}'"),
    ]

    @Test("rejected fixtures name the feature and what was expected", arguments: rejections)
    func rejected(rejection: Rejection) throws {
        let error = try #require(try Self.readError(rejection.fixture, requiring: rejection.requirement))
        #expect(error.featureIndex == rejection.featureIndex)
        #expect(error.description == rejection.description)
    }

    @Test("a syntax error keeps the parser's position")
    func syntaxErrorDetails() throws {
        let error = try #require(try Self.readError("trailing_comma.geojson"))
        let syntax = try #require(error.syntaxError)
        #expect(syntax.line == 2)
        #expect(syntax.column == 46)
        #expect(syntax.offset == 86)
    }

    @Test(
        "inline rejections",
        arguments: [
            (#"[1,2]"#, "not a GeoJSON FeatureCollection: the top-level value is an array"),
            (#"{"features":[]}"#, "not a GeoJSON FeatureCollection: the top-level object has no \"type\""),
            (#"{"type":"FeatureCollection"}"#, "FeatureCollection has no \"features\" member"),
            (#"{"type":"FeatureCollection","features":{}}"#,
             "FeatureCollection \"features\": expected an array, found an object"),
            (#"{"type":"FeatureCollection","features":[3]}"#, "feature 0: expected a Feature object, found a number"),
            (#"{"type":"FeatureCollection","features":[{"type":"Polygon","coordinates":[]}]}"#,
             "feature 0: \"type\" is \"Polygon\"; expected \"Feature\""),
            (#"{"type":"Feature","properties":{}}"#,
             "feature 0: missing \"geometry\" (a feature without a location has \"geometry\": null)"),
            (#"{"type":"Feature","properties":[],"geometry":null}"#,
             "feature 0: properties: expected an object or null, found an empty array"),
            (#"{"type":"Feature","id":{"a":1},"geometry":null}"#,
             "feature 0: id: expected a string or a number, found an object"),
            (#"{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]}}"#,
             "feature 0: geometry.type: expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection, found \"Circle\""),
            (#"{"type":"Feature","geometry":{"type":"Polygon"}}"#, "feature 0: geometry: missing \"coordinates\""),
            (#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":7}}"#,
             "feature 0: geometry.coordinates: expected an array of linear rings, found a number"),
            (#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]}}"#,
             "feature 0: geometry.coordinates: expected an array of linear rings, found an empty array (a polygon needs its exterior ring)"),
            (#"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#,
             "feature 0: geometry.coordinates: expected an array of polygons, found an array of linear rings (a Polygon's coordinates under \"type\": \"MultiPolygon\"?)"),
            (#"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6]]]]}}"#,
             "feature 0: polygon 1 ring 0 is not closed (first [5, 5] ≠ last [5, 6])"),
            (#"{"type":"Feature","geometry":{"type":"Point","coordinates":[113]}}"#,
             "feature 0: geometry.coordinates: a position needs at least 2 numbers, found 1"),
            (#"{"type":"Feature","geometry":{"type":"Point","coordinates":[113, 1e999]}}"#,
             "feature 0: geometry.coordinates[1]: coordinate is not a finite number"),
            (#"{"type":"Feature","geometry":{"type":"Point","coordinates":[113, 23, "high"]}}"#,
             "feature 0: geometry.coordinates[2]: expected a number, found the string \"high\""),
            (#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113, 23]]}}"#,
             "feature 0: geometry.coordinates: a LineString needs at least 2 positions, found 1"),
            (#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113, 23], null]}}"#,
             "feature 0: geometry.coordinates[1]: expected a position [longitude, latitude], found null"),
            (#"{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}]}}"#,
             "feature 0: geometry.geometries[1]: polygon ring 0 has 3 positions; a linear ring needs at least 4"),
        ])
    func inlineRejections(text: String, description: String) {
        #expect(Self.readError(text: text)?.description == description)
    }
}
