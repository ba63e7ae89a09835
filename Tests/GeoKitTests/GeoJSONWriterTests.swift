import Foundation
import Testing

import GeoKit

@Suite("GeoJSONWriter")
struct GeoJSONWriterTests {
    static func coordinateText(_ value: Double, decimals: Int = 6) -> String {
        var writer = GeoJSONWriter(coordinateDecimals: decimals)
        writer.writeCoordinateNumber(value)
        return writer.text
    }

    static func numberText(_ value: Double) -> String {
        var writer = GeoJSONWriter()
        writer.writeNumber(value)
        return writer.text
    }

    /// What `printf("%.6f")` (exact in glibc) prints, with trailing zeros dropped and -0 as 0.
    static func reference(_ value: Double, decimals: Int = 6) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    @Test(
        "coordinates: 6 decimals, exact rounding, no exponent, no trailing zeros",
        arguments: [
            (113.123456789, "113.123457"), (-0.5, "-0.5"), (113.0, "113"), (0, "0"), (-0.0, "0"),
            (0.00001, "0.00001"), (1e-7, "0"), (-1e-7, "0"), (5e-7, "0"), (2.5e-6, "0.000003"),
            (0.0078125, "0.007812"), (-0.0078125, "-0.007812"), (0.1234565, "0.123456"), (1.0000005, "1.000001"),
            (999.9999995, "999.999999"), (22.5431, "22.5431"), (2_555_783.9287828063, "2555783.928783"),
            (-179.9999999, "-180"), (1e20, "100000000000000000000"), (.nan, "null"), (.infinity, "null"),
        ])
    func coordinates(value: Double, expected: String) {
        #expect(Self.coordinateText(value) == expected)
    }

    @Test("coordinates agree with printf on a sweep of values")
    func coordinateSweep() {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var mismatches = 0
        for k in 0..<50_000 {
            let value: Double
            switch k % 5 {
            case 0: value = 109 + next() * 9  // longitude
            case 1: value = -(20 + next() * 6)  // negative latitude
            case 2: value = (next() * 1e7).rounded() / 1e7 + 0.0000005  // near a rounding tie
            case 3: value = next() * 3_000_000  // EPSG:4547 metres
            default: value = next() * 1e-4  // tiny
            }
            if Self.coordinateText(value) != Self.reference(value) {
                mismatches += 1
                if mismatches < 10 { Issue.record("\(value): \(Self.coordinateText(value)) vs printf \(Self.reference(value))") }
            }
        }
        #expect(mismatches == 0)
        for decimals in [0, 3, 9] {
            for _ in 0..<2_000 {
                let value = next() * 1000 - 500
                #expect(Self.coordinateText(value, decimals: decimals) == Self.reference(value, decimals: decimals))
            }
        }
    }

    @Test(
        "property numbers: integers without .0, others shortest round trip",
        arguments: [
            (12.0, "12"), (-3, "-3"), (0, "0"), (-0.0, "0"), (12.5, "12.5"), (0.1, "0.1"), (1e-5, "1e-05"),
            (2_241_826, "2241826"), (9_007_199_254_740_992, "9007199254740992"), (1e300, "1e+300"), (.nan, "null"),
            (-.infinity, "null"),
        ])
    func propertyNumbers(value: Double, expected: String) throws {
        let text = Self.numberText(value)
        #expect(text == expected)
        if value.isFinite {
            #expect(try JSONParser().parse(text).doubleValue == value)
        }
    }

    @Test("strings are escaped minimally and stay UTF-8")
    func strings() {
        var writer = GeoJSONWriter()
        writer.writeString("天河区 \"石牌\"\\\n\t\u{1}/")
        #expect(writer.text == #""天河区 \"石牌\"\\\n\t\u0001/""#)
    }

    @Test("a feature collection, polygons rewound to RFC 7946")
    func featureCollection() throws {
        let clockwise = Polygon(
            exterior: [Coordinate(113.3, 23.1), Coordinate(113.3, 23.14), Coordinate(113.36, 23.14), Coordinate(113.3, 23.1)])
        let features = [
            GeoJSONFeature(
                index: 0, id: "t1", properties: ["名称": "石牌街道", "人口": 52000, "面积": 3.25, "备注": nil],
                geometry: .polygon(clockwise)),
            GeoJSONFeature(index: 1, id: 2, properties: JSONObject(), geometry: .point(Coordinate(113.1234567, 23.0))),
            GeoJSONFeature(index: 2, geometry: nil),
        ]
        let text = String(decoding: GeoJSONWriter.featureCollection(features), as: UTF8.self)
        #expect(text == #"""
            {"type":"FeatureCollection","features":[\#
            {"type":"Feature","id":"t1","properties":{"名称":"石牌街道","人口":52000,"面积":3.25,"备注":null},\#
            "geometry":{"type":"Polygon","coordinates":[[[113.3,23.1],[113.36,23.14],[113.3,23.14],[113.3,23.1]]]}},\#
            {"type":"Feature","id":2,"properties":{},"geometry":{"type":"Point","coordinates":[113.123457,23]}},\#
            {"type":"Feature","properties":{},"geometry":null}]}
            """#)

        // What was written reads back as the same features, exterior now counter-clockwise.
        let reread = try GeoJSONReader().read(Array(text.utf8))
        #expect(reread.count == 3)
        #expect(reread[0].properties == features[0].properties)
        #expect(reread[0].geometry == .polygon(clockwise.rfc7946Oriented()))
        #expect(reread[1].geometry == .point(Coordinate(113.123457, 23)))
    }

    @Test("multipolygon holes are written clockwise")
    func multiPolygonWinding() throws {
        let exterior = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)]
        let hole = [Coordinate(4, 4), Coordinate(6, 4), Coordinate(6, 6), Coordinate(4, 6), Coordinate(4, 4)]
        var writer = GeoJSONWriter()
        writer.writeGeometry(.multiPolygon(MultiPolygon(polygons: [Polygon(exterior: exterior, holes: [hole])])))
        let geometry = try #require(try GeoJSONReader().read(writer.bytes).first?.geometry?.multiPolygon)
        let polygon = try #require(geometry.polygons.first)
        #expect(Polygon.signedDoubleArea(of: polygon.exterior) > 0)
        #expect(Polygon.signedDoubleArea(of: polygon.rings[1]) < 0)
    }

    @Test("streaming: members around the features, chunks taken as they fill")
    func streaming() throws {
        var writer = GeoJSONWriter()
        writer.beginFeatureCollection(members: ["numberMatched": 2, "type": "ignored"])
        var chunks: [UInt8] = writer.takeBytes()
        #expect(writer.bytes.isEmpty)
        writer.writeFeature(id: 1, properties: ["status": "unlicensed"], geometry: .point(Coordinate(113, 23)))
        chunks += writer.takeBytes()
        writer.writeFeature(id: 2, properties: ["status": "permitted"], geometry: .point(Coordinate(114, 22.5)))
        writer.endFeatureCollection(members: ["numberReturned": 2, "links": [["rel": "self", "href": "/items"]]])
        chunks += writer.takeBytes()
        let document = try JSONParser().parse(chunks)
        #expect(document["type"] == "FeatureCollection")
        #expect(document["numberMatched"] == 2)
        #expect(document["numberReturned"] == 2)
        #expect(document["features"]?.arrayValue?.count == 2)
        #expect(document["links"]?.arrayValue?.first?["rel"] == "self")
        #expect(try GeoJSONReader().features(in: document).map(\.id) == [.number(1), .number(2)])
    }
}
