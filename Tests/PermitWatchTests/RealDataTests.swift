import Enforcement
import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Real boundary and facility files from ../shared/realdata (reported as skipped when absent).
@Suite("Real data")
struct RealDataTests {
    static let guangdongCounties = "boundaries/guangdong_county_level_merged_gcj02.geojson"
    static let newJerseyMunicipalities = "boundaries/us/nj_municipalities_census_cousub.geojson"
    static let newJerseyWaterSystems = "facilities/nj_epa_echo_sdwa_public_water_systems.csv"

    /// DataV's Guangdong counties: GCJ-02, seven self-intersecting polygons, overlapping
    /// neighbours, slivers, islands, `adcode` an integer in some features and a string in others.
    @Test(.requires(.realData(guangdongCounties)))
    func guangdongCountiesIngestWithRepairsAndNoFailure() throws {
        let path = try RealData.require(Self.guangdongCounties)
        let db = try TemporaryDatabase()
        var options = AreaIngest.Options(level: .county)
        options.crs = .gcj02
        options.codeField = "adcode"
        options.nameField = "name"
        let report = try AreaIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        #expect(report.areas == 124)
        #expect(report.repaired == 7)
        let repairedNames = report.warnings.compactMap { $0.split(separator: "(").dropFirst().first?.split(separator: ")").first }
        #expect(repairedNames.contains { $0.contains("440402 香洲区") })
        #expect(report.warnings.allSatisfy { $0.contains("repaired invalid polygon: ") })
        let areas = try db.database.fetchAreas(level: .county)
        #expect(Set(areas.map(\.code)).contains("441900"))  // Dongguan's adcode is a string in the file
        // GCJ-02 was converted: Guangzhou's Yuexiu district moved west and south by a few hundred metres.
        let yuexiu = try #require(areas.first { $0.code == "440104" })
        #expect(yuexiu.geometry.boundingBox.minX < 113.24 && yuexiu.geometry.boundingBox.minX > 113.2)
    }

    /// New Jersey municipalities (26 with holes) and public water systems (no status column):
    /// every point inside a municipality goes to the one the shapely reference finds.
    @Test(.requires(.realData(newJerseyMunicipalities), .realData(newJerseyWaterSystems), .shapely))
    func newJerseyWaterSystemsLandInTheRightMunicipality() throws {
        let boundaries = try RealData.require(Self.newJerseyMunicipalities)
        let facilities = try RealData.require(Self.newJerseyWaterSystems)
        let db = try TemporaryDatabase()
        var areaOptions = AreaIngest.Options(level: .town)
        areaOptions.codeField = "GEOID"
        areaOptions.nameField = "name"
        _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: boundaries, options: areaOptions)
        var options = SourceIngest.Options()
        options.idField = "PWSID"
        options.lonField = "FAC_LONG"
        options.latField = "FAC_LAT"
        options.defaultStatus = .registered
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: facilities, options: options)
        #expect(report.rows == 3075)
        #expect(report.assignment.inside == 3074)
        let sources = try db.database.fetchSources()
        #expect(sources.allSatisfy { $0.status == .registered })
        // FAC_NAME is the name; the other 12 columns are kept as attributes.
        #expect(sources.allSatisfy { !$0.name.isEmpty })
        #expect(report.attributeColumns.count == 12)
        #expect(sources.allSatisfy { $0.attributes?.contains("\"REGISTRY_ID\":") == true })

        let reference = try runReferenceScript(["--areas", boundaries, "--code-field", "GEOID", "--db", db.path])
        #expect(reference.status == 0, "\(reference.output)")
        #expect(reference.output.contains("covered by an area: 3074; agree: 3074; mismatches: 0"), "\(reference.output)")
    }
}
