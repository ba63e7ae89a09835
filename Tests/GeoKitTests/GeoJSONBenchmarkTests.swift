import Foundation
import Testing

import GeoKit

/// The parse-speed budget on a synthetic 30 MB town-boundary file (16,000 polygons).
///
/// Opt-in, because a debug build is an order of magnitude slower than what ships:
///
///     PERMITWATCH_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter GeoJSONBenchmark
///
/// In a release build it asserts the budget (parse well under a second); in a debug build it only
/// reports the timings.
@Suite("GeoJSON benchmark", .enabled(if: ProcessInfo.processInfo.environment["PERMITWATCH_BENCH"] != nil))
struct GeoJSONBenchmarkTests {
    /// 16,000 irregular 70-vertex polygons across Guangdong, 7 decimals, Chinese properties.
    static func syntheticTowns() -> [UInt8] {
        var state: UInt64 = 2020
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var writer = GeoJSONWriter(coordinateDecimals: 7, reservingCapacity: 32_000_000)
        writer.beginFeatureCollection(members: ["name": "towns"])
        for index in 0..<16_000 {
            let centre = Coordinate(109.7 + next() * 7.5, 20.2 + next() * 5.2)
            let radius = 0.02 + next() * 0.06
            var ring: [Coordinate] = []
            for k in 0..<70 {
                let angle = 2 * Double.pi * Double(k) / 70
                let r = radius * (0.7 + 0.3 * next())
                ring.append(Coordinate(centre.x + r * cos(angle), centre.y + r * sin(angle)))
            }
            ring.append(ring[0])
            writer.writeFeature(
                id: .number(Double(index)),
                properties: [
                    "code": .string("44\(100_000_000 + index)"), "name": .string("测试镇\(index)"), "county": "某某县",
                    "population": .number(Double(1000 + index * 5)), "area_km2": .number(5 + next() * 300),
                ],
                geometry: .polygon(Polygon(exterior: ring)))
        }
        writer.endFeatureCollection()
        return writer.bytes
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test("30 MB of polygons parse well under a second")
    func parseSpeed() throws {
        let bytes = Self.syntheticTowns()
        #expect(bytes.count > 25_000_000)
        var parse = Double.infinity
        var read = Double.infinity
        var features: [GeoJSONFeature] = []
        for _ in 0..<3 {
            var document: JSONValue = .null
            parse = min(parse, try Self.seconds { document = try JSONParser().parse(bytes) })
            read = min(read, try Self.seconds { features = try GeoJSONReader(requiring: .polygonal).features(in: document) })
        }
        #expect(features.count == 16_000)
        print("GeoJSON benchmark: \(bytes.count) bytes, parse \(parse) s, GeoJSONReader on the tree \(read) s")
        #if !DEBUG
            #expect(parse < 0.5)
            #expect(parse + read < 1)
        #endif
    }
}
