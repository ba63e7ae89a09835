import Foundation
import Testing

import GeoKit

/// GCJ-02 and BD-09 against reference pairs published in the test suites of widely used
/// libraries, plus the iterative inverses across Guangdong.
@Suite("GCJ-02 and BD-09")
struct ChinaOffsetTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        let name: String
        let from: Coordinate
        let to: Coordinate
        var testDescription: String { name }
    }

    /// WGS-84 → GCJ-02.
    /// googollee/eviltransform, go/transform_test.go (same values in python/test.py,
    /// javascript/test.js, php/tests/EvilTransformTest.php), given there as lat, lng.
    /// wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915).
    static let wgsToGCJ: [Pair] = [
        Pair(name: "eviltransform shanghai", from: Coordinate(121.5272106, 31.1774276),
             to: Coordinate(121.531541859215, 31.17530398364597)),
        Pair(name: "eviltransform shenzhen", from: Coordinate(113.912316, 22.543847),
             to: Coordinate(113.9171764808363, 22.540796131694766)),
        Pair(name: "eviltransform beijing", from: Coordinate(116.377817, 39.911954),
             to: Coordinate(116.38404722455657, 39.91334545536069)),
        Pair(name: "coordtransform wgs84togcj02", from: Coordinate(116.404, 39.915),
             to: Coordinate(116.41024449916938, 39.91640428150164)),
    ]

    /// GCJ-02 → BD-09.
    /// wandergis/coordtransform, test/app.js: gcj02tobd09(116.404, 39.915).
    /// hujiulong/gcoord, test/fixtures/china-cities.json: the Guangdong (and two Guangxi) cities'
    /// GCJ02 and BD09 columns, printed to 7 decimals. (That fixture's WGS84 column sits about
    /// 4.5e-6° (0.5 m) from the canonical GCJ-02 formula for every city, so it is not used.)
    static let gcjToBD: [Pair] = [
        Pair(name: "coordtransform gcj02tobd09", from: Coordinate(116.404, 39.915),
             to: Coordinate(116.41036949371029, 39.92133699351021)),
        Pair(name: "gcoord 梅州", from: Coordinate(116.1222426, 24.2886182), to: Coordinate(116.1287823, 24.2944828)),
        Pair(name: "gcoord 汕头", from: Coordinate(116.6819735, 23.3540964), to: Coordinate(116.6885014, 23.3598884)),
        Pair(name: "gcoord 汕尾", from: Coordinate(115.3751647, 22.7861903), to: Coordinate(115.3817179, 22.7918527)),
        Pair(name: "gcoord 河源", from: Coordinate(114.7009627, 23.7436914), to: Coordinate(114.7074093, 23.7498752)),
        Pair(name: "gcoord 梧州", from: Coordinate(111.2791187, 23.4769675), to: Coordinate(111.2856358, 23.4828109)),
        Pair(name: "gcoord 钦州", from: Coordinate(108.6541485, 21.9799392), to: Coordinate(108.6607283, 21.9856319)),
    ]

    static func metres(_ a: Coordinate, _ b: Coordinate) -> Double {
        IOFixtures.metres((a.x, a.y), (b.x, b.y))
    }

    /// A 0.25° grid over Guangdong's extent.
    static let guangdong: [Coordinate] = {
        var points: [Coordinate] = []
        var lon = 109.5
        while lon <= 117.5 {
            var lat = 20.0
            while lat <= 25.6 {
                points.append(Coordinate(lon, lat))
                lat += 0.25
            }
            lon += 0.25
        }
        return points
    }()

    @Test("WGS-84 → GCJ-02 matches the published pairs within 1e-6°", arguments: wgsToGCJ)
    func gcjForward(pair: Pair) {
        let gcj = ChinaOffset.gcj02(fromWGS84: pair.from)
        #expect(abs(gcj.x - pair.to.x) < 1e-6)
        #expect(abs(gcj.y - pair.to.y) < 1e-6)
    }

    @Test("GCJ-02 → WGS-84 returns the published WGS-84 point within 0.5 m", arguments: wgsToGCJ)
    func gcjInverse(pair: Pair) {
        let wgs = ChinaOffset.wgs84(fromGCJ02: pair.to)
        #expect(Self.metres(wgs, pair.from) < 0.5)
    }

    @Test("GCJ-02 → BD-09 matches the published pairs within 1e-6°", arguments: gcjToBD)
    func bdForward(pair: Pair) {
        let bd = ChinaOffset.bd09(fromGCJ02: pair.from)
        #expect(abs(bd.x - pair.to.x) < 1e-6)
        #expect(abs(bd.y - pair.to.y) < 1e-6)
    }

    @Test("BD-09 → GCJ-02 returns the published GCJ-02 point within 0.5 m", arguments: gcjToBD)
    func bdInverse(pair: Pair) {
        let gcj = ChinaOffset.gcj02(fromBD09: pair.to)
        #expect(Self.metres(gcj, pair.from) < 0.5)
    }

    /// wandergis/coordtransform, test/app.js: bd09togcj02(116.404, 39.915) is the usual one-step
    /// closed-form inverse, about 4 cm from exact; the iterative inverse lands within 1e-6° of it.
    @Test("BD-09 → GCJ-02 agrees with coordtransform's closed-form inverse")
    func bdInverseAgainstClosedForm() {
        let gcj = ChinaOffset.gcj02(fromBD09: Coordinate(116.404, 39.915))
        #expect(abs(gcj.x - 116.39762729119315) < 1e-6)
        #expect(abs(gcj.y - 39.90865673957631) < 1e-6)
    }

    @Test("GCJ-02 round trip across Guangdong stays within 0.5 m")
    func gcjRoundTripGuangdong() {
        var worst = 0.0
        for wgs in Self.guangdong {
            let back = ChinaOffset.wgs84(fromGCJ02: ChinaOffset.gcj02(fromWGS84: wgs))
            worst = max(worst, Self.metres(back, wgs))
        }
        #expect(worst < 0.5)
        // In practice the fixed-point iteration converges to well under a millimetre.
        #expect(worst < 0.001)
    }

    @Test("BD-09 round trip across Guangdong stays within 0.5 m")
    func bdRoundTripGuangdong() {
        var worst = 0.0
        var worstProjected = 0.0
        for wgs in Self.guangdong {
            let back = ChinaOffset.wgs84(fromBD09: ChinaOffset.bd09(fromWGS84: wgs))
            worst = max(worst, Self.metres(back, wgs))
            // The same check in EPSG:4547 metres, the unit every distance in the store uses.
            let a = MetricCRS.epsg4547.forward(back), b = MetricCRS.epsg4547.forward(wgs)
            worstProjected = max(worstProjected, ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot())
        }
        #expect(worst < 0.5)
        #expect(worstProjected < 0.5)
        #expect(worst < 0.001)
    }

    @Test("the offset is several hundred metres in Guangdong, so skipping it is never harmless")
    func offsetMagnitude() {
        for wgs in Self.guangdong {
            let shift = Self.metres(ChinaOffset.gcj02(fromWGS84: wgs), wgs)
            #expect(shift > 100 && shift < 1000, "\(wgs): \(shift) m")
        }
    }

    @Test("CoordinateSystem routes gcj02 and bd09 through the inverses")
    func coordinateSystemRouting() throws {
        let pair = try #require(Self.wgsToGCJ.first)
        #expect(Self.metres(CoordinateSystem.gcj02.toWGS84(pair.to), pair.from) < 0.5)
        let bd = ChinaOffset.bd09(fromWGS84: pair.from)
        #expect(Self.metres(CoordinateSystem.bd09.toWGS84(bd), pair.from) < 0.5)
    }

    @Test("points outside China are left alone")
    func outsideChina() {
        let tokyo = Coordinate(139.69, 35.69)
        #expect(ChinaOffset.isOutsideChina(tokyo))
        #expect(ChinaOffset.gcj02(fromWGS84: tokyo) == tokyo)
        #expect(ChinaOffset.wgs84(fromGCJ02: tokyo) == tokyo)
    }
}
