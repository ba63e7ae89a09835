import Foundation
import Routing
import Testing
import TestSupport

/// The four TSPLIB edge-weight functions on hand-checked pairs (values recomputed with an
/// independent Python transcription of TSPLIB 95, section 2).
struct TSPLIBEdgeWeightTests {
    @Test func euclideanRoundsToNearestWithHalvesUp() {
        #expect(TSPLIBEdgeWeightType.euclidean2D.weight((0, 0), (3, 4)) == 5)
        #expect(TSPLIBEdgeWeightType.euclidean2D.weight((0, 0), (1, 1)) == 1)  // 1.414
        #expect(TSPLIBEdgeWeightType.euclidean2D.weight((0, 0), (1.5, 2)) == 3)  // exactly 2.5
        #expect(TSPLIBEdgeWeightType.euclidean2D.weight((0, 0), (1.2, 1.2)) == 2)  // 1.697
    }

    @Test func ceilingRoundsUp() {
        #expect(TSPLIBEdgeWeightType.ceiling2D.weight((0, 0), (1, 1)) == 2)
        #expect(TSPLIBEdgeWeightType.ceiling2D.weight((0, 0), (3, 4)) == 5)
        // dsj1000 nodes 1–2 and 2–3.
        #expect(TSPLIBEdgeWeightType.ceiling2D.weight((981036, 508139), (534120, -42453)) == 709145)
        #expect(TSPLIBEdgeWeightType.ceiling2D.weight((534120, -42453), (577878, -43732)) == 43777)
    }

    @Test func pseudoEuclideanRoundsUpWhenNearestIsBelow() {
        // r = sqrt(100 / 10) = 3.16: nint 3 < r, so 4.
        #expect(TSPLIBEdgeWeightType.pseudoEuclidean.weight((0, 0), (10, 0)) == 4)
        // r = sqrt(2500 / 10) = 15.81: nint 16 ≥ r, so 16.
        #expect(TSPLIBEdgeWeightType.pseudoEuclidean.weight((0, 0), (30, 40)) == 16)
        // att48 nodes 1–2 (r = 1494.70) and 1–3.
        #expect(TSPLIBEdgeWeightType.pseudoEuclidean.weight((6734, 1453), (2233, 10)) == 1495)
        #expect(TSPLIBEdgeWeightType.pseudoEuclidean.weight((6734, 1453), (5530, 1424)) == 381)
    }

    @Test func geographicalUsesDegreesAndMinutesAndTruncates() {
        // burma14 nodes 1–2 and 1–3, gr202 nodes 1–2 (negative longitude), and a pair across
        // both hemispheres.
        #expect(TSPLIBEdgeWeightType.geographical.weight((16.47, 96.10), (16.47, 94.44)) == 153)
        #expect(TSPLIBEdgeWeightType.geographical.weight((16.47, 96.10), (20.09, 92.54)) == 510)
        #expect(TSPLIBEdgeWeightType.geographical.weight((37.44, -25.40), (38.43, -9.08)) == 1449)
        #expect(TSPLIBEdgeWeightType.geographical.weight((-33.55, 151.17), (16.55, -23.59)) == 18088)
    }

    @Test func parserReadsHeaderVariantsAndRejectsBadFiles() throws {
        let text = """
            NAME : tiny
            TYPE: TSP
            COMMENT : spaces around colons vary
            DIMENSION: 4
            EDGE_WEIGHT_TYPE : EUC_2D
            NODE_COORD_SECTION
            1 0 0
            2 3 0
             3 3 4
            4 0 4
            EOF
            """
        let instance = try TSPLIBInstance(text: text)
        #expect(instance.name == "tiny" && instance.dimension == 4 && instance.edgeWeightType == .euclidean2D)
        #expect(instance.tourLength([0, 1, 2, 3]) == 14)
        #expect(throws: TSPLIBError.self) { try TSPLIBInstance(text: text.replacingOccurrences(of: "4 0 4", with: "")) }
        #expect(throws: TSPLIBError.self) { try TSPLIBInstance(text: text.replacingOccurrences(of: "EUC_2D", with: "MAN_3D")) }
        #expect(throws: TSPLIBError.self) { try TSPLIBInstance(text: text.replacingOccurrences(of: "2 3 0", with: "2 x 0")) }
        let error = try #require(throws: TSPLIBError.self) { try TSPLIBInstance(text: text.replacingOccurrences(of: "4 0 4", with: "5 0 4"), file: "t.tsp") }
        #expect(error.description.hasPrefix("t.tsp:10:"))
    }

    /// The published optimal tours, measured with our weight functions, give the published
    /// optima: the strongest check that EUC_2D, ATT and GEO are exactly TSPLIB's.
    @Test(.requires(.realData(RealData.tsplib)))
    func optimalToursHaveTheOptimalLengths() throws {
        let optima = try RealData.tsplibOptima()
        let directory = try RealData.require(RealData.tsplib)
        let tours = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".opt.tour") }.sorted()
        #expect(tours.count >= 10)
        var types = Set<TSPLIBEdgeWeightType>()
        for file in tours {
            let name = String(file.dropLast(".opt.tour".count))
            let instance = try TSPLIBInstance(contentsOfFile: directory + "/" + name + ".tsp")
            let tour = try TSPLIBTour.read(contentsOfFile: directory + "/" + file)
            #expect(isPermutation(tour, of: instance.dimension), "\(file)")
            #expect(instance.tourLength(tour) == optima[name], "\(name)")
            types.insert(instance.edgeWeightType)
        }
        #expect(types.isSuperset(of: [.euclidean2D, .pseudoEuclidean, .geographical]))
    }
}
