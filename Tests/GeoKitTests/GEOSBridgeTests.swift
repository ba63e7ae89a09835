import Foundation
import Testing

import GeoKit

/// The GEOS bridge checked against golden fixtures made by shapely
/// (Fixtures/geos/make_fixtures.py), plus ownership, error and threading behaviour.
@Suite("GEOS bridge")
struct GEOSBridgeTests {
    // MARK: - Fixture plumbing

    typealias RingsJSON = [[[Double]]]

    struct RepairFixture: Decodable {
        struct Case: Decodable {
            let name: String
            let input: [RingsJSON]
            let valid: Bool
            let reason: String?
            let reason_exact: Bool
            let repaired_area: Double
            let repaired_parts: Int
            let repaired_valid: Bool
            let parts_union_area: Double?
        }
        let cases: [Case]
    }

    struct PreparedFixture: Decodable {
        struct Probe: Decodable {
            let name: String
            let point: [Double]
            let contains: Bool
            let covers: Bool
            let intersects: Bool
            let distance: Double
        }
        let polygon: RingsJSON
        let points: [Probe]
    }

    struct OperationsFixture: Decodable {
        struct BufferCase: Decodable {
            let geometry: String
            let distance: Double
            let quadrant_segments: Int
            let area: Double
        }
        let squares: [RingsJSON]
        let union_area: Double
        let union_parts: Int
        let lshape: RingsJSON
        let lshape_convex_hull_area: Double
        let buffers: [BufferCase]
        let wiggly: RingsJSON
        let wiggly_vertex_count: Int
        let simplify_tolerance: Double
        let simplified_area: Double
        let simplified_vertex_count: Int
        let cloud: [[Double]]
        let cloud_convex_hull_area: Double
        let concave_hull_ratio: Double
        let cloud_concave_hull_area: Double
        let lshape_wkb_hex: String
    }

    struct STRtreeFixture: Decodable {
        let boxes: [[Double]]
        let queries: [[Double]]
        let expected: [[Int]]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/geos"),
            "missing fixture Fixtures/geos/\(name).json")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func polygon(_ rings: RingsJSON) -> Polygon {
        Polygon(rings: rings.map { ring in ring.map { Coordinate($0[0], $0[1]) } })
    }

    static func box(_ values: [Double]) -> BoundingBox {
        BoundingBox(minX: values[0], minY: values[1], maxX: values[2], maxY: values[3])
    }

    /// Relative closeness; exact equality also passes (covers expected zeros).
    static func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
        actual == expected || abs(actual - expected) <= relative * max(abs(actual), abs(expected))
    }

    static let repairCaseNames = [
        "bowtie", "self_touching_ring", "spike", "valid_with_hole", "overlapping_parts", "bowtie_lonlat",
    ]

    // MARK: - Validity and repair

    @Test("validity reason and structure repair match shapely", arguments: repairCaseNames)
    func repairMatchesShapely(name: String) throws {
        let fixture: RepairFixture = try Self.load("repair")
        let testCase = try #require(fixture.cases.first { $0.name == name })
        let input = MultiPolygon(polygons: testCase.input.map(Self.polygon))

        let context = try GEOSContext()
        let geometry = try GEOSGeometry(input, context: context)
        #expect(geometry.isValid == testCase.valid)
        let (repaired, reason) = try PolygonRepair.repair(input)
        #expect(reason == geometry.validityReason())
        if testCase.reason_exact {
            #expect(reason == testCase.reason)
        } else {
            // GEOS versions disagree on which defect to report first (see make_fixtures.py):
            // check the same kind of message and that it points at the input's boundary.
            let text = try #require(reason)
            try Self.expectReasonOnBoundary(text, of: input, context: context)
        }
        if testCase.valid {
            #expect(repaired == input, "a valid input must come back unchanged")
        }
        #expect(repaired.polygons.count == testCase.repaired_parts)
        let repairedGeometry = try GEOSGeometry(repaired, context: context)
        #expect(repairedGeometry.isValid == testCase.repaired_valid)
        #expect(repairedGeometry.validityReason() == nil)
        let area = try repairedGeometry.area()
        #expect(Self.close(area, testCase.repaired_area), "area \(area) vs shapely \(testCase.repaired_area)")
        if let unionArea = testCase.parts_union_area, !testCase.valid {
            #expect(Self.close(area, unionArea), "overlapping parts must repair to their union")
        }
        // makeValid on the bridge type gives the same, and always a MULTIPOLYGON.
        let direct = try geometry.makeValid()
        #expect(direct.typeName == "MultiPolygon")
        #expect(Self.close(try direct.area(), testCase.repaired_area))
    }

    /// Checks a reason of the form "Kind[x y]" whose location lies on one of the input's rings.
    static func expectReasonOnBoundary(_ reason: String, of input: MultiPolygon, context: GEOSContext) throws {
        let open = try #require(reason.firstIndex(of: "["), "no location in \(reason)")
        #expect(reason.hasSuffix("]"))
        let kind = reason[..<open]
        #expect(["Self-intersection", "Ring Self-intersection"].contains(String(kind)), "kind \(kind)")
        let numbers = reason[reason.index(after: open)..<reason.index(before: reason.endIndex)]
            .split(separator: " ").compactMap { Double($0) }
        try #require(numbers.count == 2, "location of \(reason)")
        let location = Coordinate(numbers[0], numbers[1])
        let rings = input.polygons.flatMap(\.rings)
        let nearest = try rings.map { try GEOSGeometry(lineString: $0, context: context).distance(to: location) }.min()
        #expect(nearest == 0, "\(reason) is not on the boundary")
    }

    @Test("the reason text carries the location, as boundary import messages need")
    func reasonNamesTheSpot() throws {
        let fixture: RepairFixture = try Self.load("repair")
        let bowtie = try #require(fixture.cases.first { $0.name == "bowtie_lonlat" })
        let (_, reason) = try PolygonRepair.repair(MultiPolygon(polygons: bowtie.input.map(Self.polygon)))
        #expect(reason == "Self-intersection[113.3 23.1]")
    }

    @Test("an empty multipolygon is valid and unchanged")
    func emptyIsValid() throws {
        let (repaired, reason) = try PolygonRepair.repair(MultiPolygon(polygons: []))
        #expect(reason == nil)
        #expect(repaired.polygons.isEmpty)
        let context = try GEOSContext()
        let geometry = try GEOSGeometry(MultiPolygon(polygons: []), context: context)
        #expect(try geometry.isEmpty())
        #expect(try geometry.boundingBox().isEmpty)
        #expect(try geometry.toMultiPolygon().polygons.isEmpty)
    }

    // MARK: - Conversion

    @Test("MultiPolygon survives a round trip through GEOS and WKB bit for bit")
    func roundTrip() throws {
        let fixture: RepairFixture = try Self.load("repair")
        let context = try GEOSContext()
        for testCase in fixture.cases {
            let input = MultiPolygon(polygons: testCase.input.map(Self.polygon))
            let geometry = try GEOSGeometry(input, context: context)
            #expect(try geometry.toMultiPolygon() == input, "\(testCase.name)")
            let viaWKB = try GEOSGeometry(wkb: geometry.wkb(), context: context)
            #expect(try viaWKB.toMultiPolygon() == input, "\(testCase.name) via WKB")
        }
    }

    @Test("WKB output is byte-identical to shapely's little-endian 2D WKB")
    func wkbMatchesShapely() throws {
        let fixture: OperationsFixture = try Self.load("operations")
        let context = try GEOSContext()
        let lshape = Self.polygon(fixture.lshape)
        let wkb = try GEOSGeometry(lshape, context: context).wkb()
        let hex = wkb.map { String(format: "%02X", $0) }.joined()
        #expect(hex == fixture.lshape_wkb_hex.uppercased())
        let read = try GEOSGeometry(wkb: wkb, context: context)
        #expect(read.typeName == "Polygon")
        #expect(try read.toMultiPolygon() == MultiPolygon(polygons: [lshape]))
    }

    @Test("points, lines and boxes convert; lower-dimension geometries are not polygonal")
    func otherConstructors() throws {
        let context = try GEOSContext()
        let point = try GEOSGeometry(point: Coordinate(113.3, 23.1), context: context)
        #expect(point.typeName == "Point")
        #expect(try point.boundingBox() == BoundingBox(minX: 113.3, minY: 23.1, maxX: 113.3, maxY: 23.1))
        #expect(throws: GEOSError.notPolygonal(geometryType: "Point")) { try point.toMultiPolygon() }

        let line = try GEOSGeometry(lineString: [Coordinate(0, 0), Coordinate(3, 4)], context: context)
        #expect(line.typeName == "LineString")
        #expect(try line.distance(to: Coordinate(0, 5)) == 3)
        #expect(throws: GEOSError.self) { try line.toMultiPolygon() }

        let rectangle = try GEOSGeometry(box: BoundingBox(minX: 0, minY: 0, maxX: 2, maxY: 3), context: context)
        #expect(try rectangle.area() == 6)
        #expect(try rectangle.toMultiPolygon().area == 6)
    }

    @Test("a GeometryCollection keeps its polygonal parts and drops the debris")
    func collectionDebrisDropped() throws {
        // A polygon touching a dangling line, as GEOS's linework repair would return.
        let context = try GEOSContext()
        let square = try GEOSGeometry(Polygon(exterior: [
            Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1), Coordinate(0, 0),
        ]), context: context)
        let line = try GEOSGeometry(lineString: [Coordinate(1, 1), Coordinate(2, 2)], context: context)
        let point = try GEOSGeometry(point: Coordinate(5, 5), context: context)
        let union = try GEOSGeometry.union([square, line, point], context: context)
        #expect(union.typeName == "GeometryCollection")
        let polygonal = try union.toMultiPolygon()
        #expect(polygonal.polygons.count == 1)
        #expect(polygonal.area == 1)
    }

    // MARK: - Errors

    @Test("bad input throws typed errors carrying the reason")
    func errors() throws {
        let context = try GEOSContext()
        let open = Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1)])
        #expect(throws: GEOSError.invalidInput("exterior ring is not closed (first and last coordinates differ)")) {
            try GEOSGeometry(open, context: context)
        }
        let short = Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(0, 0)])
        #expect(throws: GEOSError.invalidInput("polygon 0: exterior ring has 3 coordinates; a closed ring needs at least 4")) {
            try GEOSGeometry(MultiPolygon(polygons: [short]), context: context)
        }
        #expect(throws: GEOSError.self) {
            try PolygonRepair.repair(MultiPolygon(polygons: [open]))
        }

        // Truncated WKB: GEOS returns NULL and says why through the error handler.
        let wkb = try GEOSGeometry(point: Coordinate(1, 2), context: context).wkb()
        do {
            _ = try GEOSGeometry(wkb: Array(wkb.prefix(9)), context: context)
            Issue.record("truncated WKB was accepted")
        } catch let error as GEOSError {
            guard case .operationFailed(let operation, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(operation == "GEOSWKBReader_read_r")
            #expect(message.contains("ParseException"), "GEOS message: \(message)")
            #expect(context.lastErrorMessage == message)
        }
        // The context keeps working after an error.
        #expect(try GEOSGeometry(wkb: wkb, context: context).typeName == "Point")
    }

    @Test("geometries from different contexts are refused")
    func contextMismatch() throws {
        let a = try GEOSContext()
        let b = try GEOSContext()
        let pa = try GEOSGeometry(point: Coordinate(0, 0), context: a)
        let pb = try GEOSGeometry(point: Coordinate(1, 1), context: b)
        #expect(throws: GEOSError.contextMismatch(operation: "GEOSDistance_r")) { try pa.distance(to: pb) }
        #expect(throws: GEOSError.self) { try GEOSGeometry.union([pa, pb], context: a) }
        let tree = try STRtree(context: a)
        #expect(throws: GEOSError.self) { try tree.insert(0, geometry: pb) }
    }

    // MARK: - Prepared geometry and distance

    @Test("prepared contains/covers and distance agree with shapely")
    func preparedMatchesShapely() throws {
        let fixture: PreparedFixture = try Self.load("prepared")
        let context = try GEOSContext()
        let polygon = try GEOSGeometry(Self.polygon(fixture.polygon), context: context)
        let prepared = try PreparedGeometry(polygon)
        for probe in fixture.points {
            let point = Coordinate(probe.point[0], probe.point[1])
            let pointGeometry = try GEOSGeometry(point: point, context: context)
            #expect(try prepared.contains(point) == probe.contains, "\(probe.name) contains")
            #expect(try prepared.covers(point) == probe.covers, "\(probe.name) covers")
            #expect(try prepared.intersects(pointGeometry) == probe.intersects, "\(probe.name) intersects")
            #expect(try polygon.contains(pointGeometry) == probe.contains, "\(probe.name) unprepared contains")
            #expect(try polygon.covers(pointGeometry) == probe.covers, "\(probe.name) unprepared covers")
            #expect(try polygon.intersects(pointGeometry) == probe.intersects, "\(probe.name) unprepared intersects")
            #expect(Self.close(try polygon.distance(to: point), probe.distance), "\(probe.name) distance")
            #expect(Self.close(try prepared.distance(to: point), probe.distance), "\(probe.name) prepared distance")
        }
    }

    // MARK: - Constructive operations

    @Test("union of three overlapping squares matches shapely")
    func unionOfSquares() throws {
        let fixture: OperationsFixture = try Self.load("operations")
        let context = try GEOSContext()
        let squares = fixture.squares.map(Self.polygon)
        let union = try GEOSGeometry.union(squares, context: context)
        #expect(union.polygons.count == fixture.union_parts)
        #expect(Self.close(union.area, fixture.union_area))

        let geometries = try squares.map { try GEOSGeometry($0, context: context) }
        let unioned = try GEOSGeometry.union(geometries, context: context)
        #expect(Self.close(try unioned.area(), fixture.union_area))
        #expect(unioned.isValid)
    }

    @Test("convex hull, buffer, concave hull and simplify match shapely")
    func hullsAndBuffers() throws {
        let fixture: OperationsFixture = try Self.load("operations")
        let context = try GEOSContext()
        let lshape = try GEOSGeometry(Self.polygon(fixture.lshape), context: context)
        #expect(Self.close(try lshape.convexHull().area(), fixture.lshape_convex_hull_area))

        let point = try GEOSGeometry(point: Coordinate(3, 4), context: context)
        for testCase in fixture.buffers {
            let source = testCase.geometry == "point" ? point : lshape
            let area = try source.buffer(testCase.distance, quadrantSegments: testCase.quadrant_segments).area()
            #expect(
                Self.close(area, testCase.area),
                "buffer \(testCase.geometry) d=\(testCase.distance) q=\(testCase.quadrant_segments): \(area) vs \(testCase.area)")
        }

        let cloud = try fixture.cloud.map { try GEOSGeometry(point: Coordinate($0[0], $0[1]), context: context) }
        let points = try GEOSGeometry.union(cloud, context: context)
        #expect(Self.close(try points.convexHull().area(), fixture.cloud_convex_hull_area))
        let concave = try points.concaveHull(ratio: fixture.concave_hull_ratio)
        #expect(Self.close(try concave.area(), fixture.cloud_concave_hull_area))
        #expect(try points.convexHull().covers(concave))

        let wiggly = try GEOSGeometry(Self.polygon(fixture.wiggly), context: context)
        #expect(try wiggly.toMultiPolygon().vertexCount == fixture.wiggly_vertex_count)
        let simplified = try wiggly.simplifyPreservingTopology(tolerance: fixture.simplify_tolerance)
        #expect(Self.close(try simplified.area(), fixture.simplified_area))
        #expect(try simplified.toMultiPolygon().vertexCount == fixture.simplified_vertex_count)
        #expect(simplified.isValid)

        #expect(throws: GEOSError.self) { try lshape.buffer(1, quadrantSegments: 0) }
        #expect(throws: GEOSError.self) { try lshape.concaveHull(ratio: 1.5) }
    }

    // MARK: - STRtree

    @Test("STRtree queries match brute force and shapely on 1,000 random boxes")
    func strtreeMatchesBruteForce() throws {
        let fixture: STRtreeFixture = try Self.load("strtree")
        let boxes = fixture.boxes.map(Self.box)
        let context = try GEOSContext()
        let tree = try STRtree(context: context)
        for (index, box) in boxes.enumerated() { try tree.insert(index, box: box) }
        #expect(tree.count == 1000)

        for (query, expected) in zip(fixture.queries.map(Self.box), fixture.expected) {
            let hits = try tree.query(query)
            let brute = boxes.indices.filter { boxes[$0].intersects(query) }
            #expect(hits == expected)
            #expect(hits == brute)
        }
        // Generated queries: every box's own centre and corners must find it.
        for (index, box) in boxes.enumerated() {
            let centre = Coordinate((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2)
            let hits = try tree.query(centre)
            #expect(hits.contains(index))
            #expect(hits == boxes.indices.filter { boxes[$0].contains(centre) })
        }
        #expect(throws: GEOSError.treeAlreadyBuilt) { try tree.insert(1000, box: boxes[0]) }
    }

    @Test("STRtree edge cases: empty tree, empty boxes, geometry envelopes")
    func strtreeEdges() throws {
        let context = try GEOSContext()
        let empty = try STRtree(context: context)
        #expect(try empty.query(BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)).isEmpty)

        let tree = try STRtree(context: context)
        try tree.insert(0, box: .empty)
        let square = try GEOSGeometry(box: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1), context: context)
        try tree.insert(7, geometry: square)
        #expect(throws: GEOSError.self) { try tree.insert(-1, box: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)) }
        #expect(try tree.query(Coordinate(0.5, 0.5)) == [7])
        #expect(try tree.query(Coordinate(1, 1)) == [7], "touching envelopes match")
        #expect(try tree.query(.empty).isEmpty)
        #expect(tree.count == 2)
    }

    // MARK: - Threads

    @Test("four tasks with their own contexts repair 200 geometries each, concurrently")
    func concurrentRepairs() async throws {
        let fixture: RepairFixture = try Self.load("repair")
        let inputs = fixture.cases.map { MultiPolygon(polygons: $0.input.map(Self.polygon)) }
        let expectedAreas = fixture.cases.map(\.repaired_area)

        let totals = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<4 {
                group.addTask {
                    // One context per task, used only inside this synchronous stretch.
                    let context = try GEOSContext()
                    var checked = 0
                    for i in 0..<200 {
                        let k = (i + task) % inputs.count
                        let geometry = try GEOSGeometry(inputs[k], context: context)
                        let repaired = geometry.isValid ? geometry : try geometry.makeValid()
                        guard Self.close(try repaired.area(), expectedAreas[k]) else {
                            throw GEOSError.invalidInput("task \(task) repair \(i): wrong area")
                        }
                        // And the convenience, which makes a context per call.
                        let (value, _) = try PolygonRepair.repair(inputs[k])
                        guard Self.close(value.area, expectedAreas[k]) else {
                            throw GEOSError.invalidInput("task \(task) PolygonRepair \(i): wrong area")
                        }
                        checked += 1
                    }
                    return checked
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(totals == 800)
    }

    @Test("threads with their own contexts index and query concurrently")
    func concurrentThreads() throws {
        let fixture: STRtreeFixture = try Self.load("strtree")
        let boxes = fixture.boxes.map(Self.box)
        let queries = fixture.queries.map(Self.box)
        let expected = fixture.expected
        let failures = Failures()
        let threads = (0..<4).map { _ in
            Thread {
                do {
                    let context = try GEOSContext()
                    for _ in 0..<20 {
                        let tree = try STRtree(context: context)
                        for (index, box) in boxes.enumerated() { try tree.insert(index, box: box) }
                        for (query, want) in zip(queries, expected) {
                            if try tree.query(query) != want { failures.add("query mismatch") }
                        }
                    }
                } catch {
                    failures.add("\(error)")
                }
                failures.done()
            }
        }
        threads.forEach { $0.start() }
        failures.wait(for: threads.count)
        #expect(failures.messages.isEmpty)
    }
}

/// Collects results from plain threads for the threading test.
private final class Failures: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = 0
    private var collected: [String] = []

    var messages: [String] {
        condition.lock()
        defer { condition.unlock() }
        return collected
    }

    func add(_ message: String) {
        condition.lock()
        collected.append(message)
        condition.unlock()
    }

    func done() {
        condition.lock()
        finished += 1
        condition.broadcast()
        condition.unlock()
    }

    func wait(for count: Int) {
        condition.lock()
        while finished < count { condition.wait() }
        condition.unlock()
    }
}
