import DeterministicRandom
import Enforcement
import GeoKit
import Testing

private func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Coordinate] {
    [Coordinate(x0, y0), Coordinate(x1, y0), Coordinate(x1, y1), Coordinate(x0, y1), Coordinate(x0, y0)]
}

@Suite("Point-in-polygon index and its tie rule")
struct AreaIndexTests {
    let index = AreaIndex(areas: [
        ("B", MultiPolygon(polygons: [Polygon(exterior: square(1, 0, 2, 1))])),
        ("A", MultiPolygon(polygons: [Polygon(exterior: square(0, 0, 1, 1), holes: [square(0.4, 0.4, 0.6, 0.6).reversed()])])),
        // Overlaps B on [1.8, 2] × [0, 1].
        ("C", MultiPolygon(polygons: [Polygon(exterior: square(1.8, 0, 3, 1)), Polygon(exterior: square(5, 5, 6, 6))])),
    ])

    func code(_ x: Double, _ y: Double) -> String? { index.locate(Coordinate(x, y)).map { index.codes[$0] } }

    @Test func interiorPoints() {
        #expect(code(0.2, 0.2) == "A")
        #expect(code(1.5, 0.5) == "B")
        #expect(code(2.5, 0.5) == "C")
        #expect(code(5.5, 5.5) == "C")  // second part of a MultiPolygon
    }

    @Test func holesAreNotInside() {
        #expect(code(0.5, 0.5) == nil)
    }

    @Test func sharedBordersAndOverlapsGoToTheLowestCode() {
        #expect(code(1.0, 0.5) == "A")  // on the A/B border
        #expect(code(1.0, 1.0) == "A")  // shared corner
        #expect(code(1.9, 0.5) == "B")  // in the B/C overlap
        #expect(code(0.0, 0.0) == "A")  // on a vertex
        #expect(code(0.5, 1.0) == "A")  // on a horizontal edge
    }

    @Test func outsideEverything() {
        #expect(code(4, 4) == nil)
        #expect(code(-1, 0.5) == nil)
    }

    @Test func nearestWithinMetres() {
        // Around Guangzhou, 0.001° of longitude is about 102 m.
        let towns = AreaIndex(areas: [
            ("T1", MultiPolygon(polygons: [Polygon(exterior: square(113.0, 23.0, 113.1, 23.1))])),
            ("T2", MultiPolygon(polygons: [Polygon(exterior: square(113.2, 23.0, 113.3, 23.1))])),
        ])
        let snapping = towns.nearestIndex(within: 500, metricCRS: .epsg4547)
        let project = MetricCRS.epsg4547.forward
        let near = snapping.nearest(to: project(Coordinate(113.102, 23.05)))
        #expect(near.map { towns.codes[$0.index] } == "T1")
        #expect(near.map { $0.distance > 150 && $0.distance < 260 } == true)
        #expect(snapping.nearest(to: project(Coordinate(113.15, 23.05))) == nil)
    }

    @Test func nearestWithinMetresOnTheEllipsoid() throws {
        // A world register's conic is far from true scale at Honolulu: the snap distance is
        // measured on the ellipsoid, and the plane would take it otherwise.
        let world = try #require(MetricCRS.fitting(BoundingBox(minX: -179, minY: -55, maxX: 179, maxY: 71)))
        #expect(world.distances == .geodesic)
        let towns = AreaIndex(areas: [("H", MultiPolygon(polygons: [Polygon(exterior: square(-157.9, 21.3, -157.8, 21.4))]))])
        let edge = Coordinate(-157.8, 21.35)
        // 480 m and 520 m east of the east edge (103,724 m per degree of longitude there).
        let inside = Coordinate(-157.8 + 480 / 103_724, 21.35), outside = Coordinate(-157.8 + 520 / 103_724, 21.35)
        let ellipsoid = world.ellipsoid
        #expect(abs(ellipsoid.surfaceDistance(from: inside, to: edge) - 480) < 1)
        let snapping = towns.nearestIndex(within: 500, metricCRS: world, near: [inside, outside])
        let near = try #require(snapping.nearest(to: world.forward(inside)))
        #expect(abs(near.distance - ellipsoid.surfaceDistance(from: inside, to: edge)) < 0.01)
        #expect(snapping.nearest(to: world.forward(outside)) == nil)
        // The same conic measuring in its plane answers otherwise for one of them.
        let plane = MetricCRS(world.projection)
        let planar = towns.nearestIndex(within: 500, metricCRS: plane, near: [inside, outside])
        #expect(planar.nearest(to: plane.forward(inside)) == nil || planar.nearest(to: plane.forward(outside)) != nil)
    }
}

@Suite("USCC check characters (GB 32100-2015)")
struct USCCTests {
    @Test func publishedExampleIsValid() {
        // The example code printed in GB 32100-2015's annex.
        #expect(USCC.verify("91350100M000100Y43") == .valid)
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() {
        #expect(USCC.verify("91350100M000100Y44") == .wrongCheckCharacter(expected: "3"))
    }

    @Test func malformedCodes() {
        #expect(USCC.verify("123") == .malformed)
        #expect(USCC.verify("91350100M000100YI3") == .malformed)  // I is not in the alphabet
    }
}

@Suite("Square grid cells")
struct SquareGridTests {
    @Test func floorsIncludingNegatives() {
        let grid = SquareGrid(cellSize: 1000, metricCRS: .epsg4547)
        #expect(grid.cell(of: Coordinate(500_999.9, 2_500_000)).map { [$0.x, $0.y] } == [500, 2500])
        #expect(grid.cell(of: Coordinate(-0.5, -1000)).map { [$0.x, $0.y] } == [-1, -1])
        #expect(SquareGrid(cellSize: 250, metricCRS: .epsg4547).cell(of: Coordinate(1000, 999.99)).map { [$0.x, $0.y] } == [4, 3])
        // Where the projection has no finite value there is no cell, and no crash.
        #expect(grid.cell(of: Coordinate(-.infinity, 0)) == nil)
        #expect(grid.cell(of: MetricCRS.epsg4547.forward(Coordinate(24, 0))) == nil)
    }

    @Test func outlinesShareCornersAndBulkEqualsOneByOne() {
        let grid = SquareGrid(cellSize: 1000, metricCRS: .epsg4547)
        let cells = [(x: 500, y: 2500), (x: 501, y: 2500), (x: 500, y: 2501), (x: 380, y: 2300)]
        let bulk = grid.outlines(ofCells: cells)
        #expect(bulk == cells.map { grid.outline(ofCell: $0.x, $0.y) })
        // The right edge of (500, 2500) is the left edge of (501, 2500), bit for bit.
        #expect(bulk[0].exterior[1] == bulk[1].exterior[0] && bulk[0].exterior[2] == bulk[1].exterior[3])
        #expect(Polygon.signedDoubleArea(of: bulk[0].exterior) > 0)
        // Its corner is where EPSG:4547 puts (500 km, 2500 km).
        let corner = MetricCRS.epsg4547.forward(bulk[0].exterior[0])
        #expect(abs(corner.x - 500_000) < 1e-6 && abs(corner.y - 2_500_000) < 1e-6)
    }

    /// The exact cell/box test the hot-spot bbox filter uses, against GEOS on the same outlines,
    /// for boxes placed all around cells far from the central meridian (where the grid is most
    /// rotated against longitude/latitude), touching and near-miss cases included.
    @Test func meetsAgreesWithGEOS() throws {
        let context = try GEOSContext()
        let grid = SquareGrid(cellSize: 1000, metricCRS: .epsg4547)
        var generator = SplitMix64(seed: 20201129)
        var agreements = 0, meets = 0
        for _ in 0..<2000 {
            let cx = Int.random(in: 180...220, using: &generator), cy = Int.random(in: 2400...2440, using: &generator)
            let outline = grid.outline(ofCell: cx, cy)
            let cellBox = outline.boundingBox
            let lon = Double.random(in: (cellBox.minX - 0.01)...(cellBox.maxX + 0.01), using: &generator)
            let lat = Double.random(in: (cellBox.minY - 0.01)...(cellBox.maxY + 0.01), using: &generator)
            let box = BoundingBox(
                minX: lon, minY: lat, maxX: lon + Double.random(in: 0.0001...0.01, using: &generator),
                maxY: lat + Double.random(in: 0.0001...0.01, using: &generator))
            let reference = try GEOSGeometry(outline, context: context).intersects(GEOSGeometry(box: box, context: context))
            if grid.cell(cx, cy, meets: box) == reference { agreements += 1 }
            if reference { meets += 1 }
        }
        #expect(agreements == 2000)
        #expect(meets > 200 && meets < 1800)
        // A box touching the cell's corner exactly meets it.
        let corner = grid.corners(ofCell: 200, 2420)[2]
        #expect(grid.cell(200, 2420, meets: BoundingBox(minX: corner.x, minY: corner.y, maxX: corner.x + 0.01, maxY: corner.y + 0.01)))
    }

    @Test func searchAndInnerBoundsHoldTheMeetingCells() throws {
        let grid = SquareGrid(cellSize: 1000, metricCRS: .epsg4547)
        let box = BoundingBox(minX: 110.0, minY: 21.0, maxX: 110.2, maxY: 21.15)
        let search = SquareGrid.projectedSearchBounds(of: box, in: .epsg4547)
        // Every cell around the box that meets it lies within the search bounds.
        let wide = search.expanded(by: 5000)
        for cx in Int(wide.minX / 1000)...Int(wide.maxX / 1000) {
            for cy in Int(wide.minY / 1000)...Int(wide.maxY / 1000) where grid.cell(cx, cy, meets: box) {
                #expect(grid.bounds(ofCell: cx, cy).intersects(search))
            }
        }
        // Every cell within the inner bounds meets the box.
        let inner = try #require(SquareGrid.projectedInnerBounds(of: box, in: .epsg4547))
        #expect(inner.width > 15_000 && inner.height > 12_000)
        for cx in Int((inner.minX / 1000).rounded(.up))..<Int((inner.maxX / 1000).rounded(.down)) {
            for cy in Int((inner.minY / 1000).rounded(.up))..<Int((inner.maxY / 1000).rounded(.down)) {
                #expect(grid.cell(cx, cy, meets: box))
                #expect(grid.corners(ofCell: cx, cy).allSatisfy(box.contains))
            }
        }
        #expect(SquareGrid.projectedInnerBounds(of: BoundingBox(minX: 113, minY: 23, maxX: 113.001, maxY: 23.001), in: .epsg4547) == nil)
    }
}

@Suite("Status spellings")
struct SourceStatusTests {
    @Test func englishAndChinese() {
        #expect(SourceStatus(parsing: "排污许可") == .permitted)
        #expect(SourceStatus(parsing: " Registered ") == .registered)
        #expect(SourceStatus(parsing: "限期整改") == .rectifying)
        #expect(SourceStatus(parsing: "特殊情形") == .special)
        #expect(SourceStatus(parsing: "无证") == .unlicensed)
        #expect(SourceStatus(parsing: "maybe") == nil)
    }
}
