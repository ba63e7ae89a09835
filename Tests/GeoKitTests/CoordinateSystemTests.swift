import Testing

import GeoKit

@Suite("CoordinateSystem parsing")
struct CoordinateSystemTests {
    @Test(
        "declared spellings",
        arguments: [
            ("wgs84", CoordinateSystem.wgs84), ("WGS84", .wgs84), ("wgs-84", .wgs84), ("epsg:4326", .wgs84),
            ("EPSG:4326", .wgs84), ("crs84", .wgs84),
            ("cgcs2000", .cgcs2000), ("CGCS2000", .cgcs2000), ("epsg:4490", .cgcs2000),
            ("gcj02", .gcj02), ("GCJ-02", .gcj02), ("gcj", .gcj02), ("mars", .gcj02),
            ("bd09", .bd09), ("BD-09", .bd09), ("baidu", .bd09),
            ("epsg:4547", .epsg4547), ("EPSG:4547", .epsg4547),
            ("epsg:3857", .epsg(3857)), ("EPSG:32650", .epsg(32650)),
            (" gcj02 ", .gcj02), ("epsg:04326", .wgs84), ("4547", .epsg4547),
        ])
    func parses(text: String, expected: CoordinateSystem) {
        #expect(CoordinateSystem(parsing: text) == expected)
    }

    @Test("garbage is rejected", arguments: ["", "wgs", "epsg:", "epsg:abc", "epsg:0", "utm50", "4547x", "lonlat", "bd", "epsg:-3857", "epsg:3857.5"])
    func rejects(text: String) {
        #expect(CoordinateSystem(parsing: text) == nil)
    }

    @Test("description round-trips through parsing", arguments: [
        CoordinateSystem.wgs84, .cgcs2000, .gcj02, .bd09, .epsg4547, .epsg(3857),
    ])
    func descriptionRoundTrips(system: CoordinateSystem) {
        #expect(CoordinateSystem(parsing: system.description) == system)
    }

    @Test("EPSG codes with an in-process transform use it")
    func epsgCodesMapToInProcessSystems() {
        #expect(CoordinateSystem(epsg: 4326) == .wgs84)
        #expect(CoordinateSystem(epsg: 4490) == .cgcs2000)
        #expect(CoordinateSystem(epsg: 4547) == .epsg4547)
        #expect(CoordinateSystem(epsg: 3857) == .epsg(3857))
    }

    @Test("only other EPSG codes need the store")
    func inProcessSupport() {
        #expect(CoordinateSystem.wgs84.isSupportedInProcess)
        #expect(CoordinateSystem.gcj02.isSupportedInProcess)
        #expect(CoordinateSystem.epsg4547.isSupportedInProcess)
        #expect(!CoordinateSystem.epsg(3857).isSupportedInProcess)
    }
}
