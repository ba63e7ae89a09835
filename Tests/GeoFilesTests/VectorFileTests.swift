import Foundation
import GeoFiles
import GeoKit
import Testing
import TestSupport

/// GDAL/OGR's reading of the files GIS departments send, made at test time with `ogr2ogr`
/// from the real Guangdong county layer (DataV, GCJ-02 degrees, 124 features).
@Suite("Vector files through GDAL")
struct VectorFileTests {
    static let counties = "boundaries/guangdong_county_level_merged_gcj02.geojson"

    /// A county layer as a Guangdong bureau exports it: EPSG:4547 metres, `.dbf` in GBK.
    static func gbkShapefile(_ fixtures: GDALFixtures, keepCPG: Bool = true) throws -> String {
        let source = try RealData.require(counties)
        let path = try fixtures.ogr2ogr(
            "counties.shp", from: [source],
            ["-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:4547", "-lco", "ENCODING=GBK", "-select", "adcode,name"])
        if !keepCPG { try FileManager.default.removeItem(atPath: fixtures.path("counties.cpg")) }
        return path
    }

    /// Every format the ingests promise has its driver in the linked GDAL (Debian's 3.6.2).
    @Test
    func theLinkedGDALHasEveryDriverTheIngestsName() {
        for driver in ["ESRI Shapefile", "GPKG", "OpenFileGDB", "KML", "LIBKML", "GeoJSON", "XLSX", "XLS", "ODS"] {
            #expect(GDALLibrary.hasDriver(driver), "GDAL \(GDALLibrary.version) has no \(driver) driver")
        }
    }

    @Test(.requires(.gdal, .realData(counties)))
    func projectedGBKShapefileLandsInDegreesWithItsNames() throws {
        let fixtures = try GDALFixtures("gbk-shp")
        let file = try VectorFile(path: try Self.gbkShapefile(fixtures))
        #expect(file.driver == "ESRI Shapefile")
        let layer = try file.read(layer: nil)
        #expect(layer.features.count == 124)
        #expect(layer.crs?.epsg == 4547)
        #expect(layer.crs?.isGeographic == false)
        #expect(layer.transformedFrom?.epsg == 4547)
        #expect(layer.isWGS84)
        let nameIndex = try #require(layer.fieldIndex("name"))
        let names = layer.features.compactMap { $0.values[nameIndex].text }
        #expect(names.contains("香洲区"))
        #expect(layer.textEncoding.uppercased().contains("GBK") || layer.textEncoding.uppercased().contains("936"))
        let boxes = layer.features.compactMap { $0.geometry?.boundingBox }
        #expect(boxes.count == 124)
        #expect(boxes.allSatisfy { $0.minX > 109 && $0.maxX < 118 && $0.minY > 20 && $0.maxY < 26 })
    }

    @Test(.requires(.gdal, .realData(counties)))
    func dbfWithoutCPGIsDetectedOrDeclared() throws {
        let fixtures = try GDALFixtures("gbk-shp-nocpg")
        let path = try Self.gbkShapefile(fixtures, keepCPG: false)
        for options in [VectorFile.OpenOptions(), VectorFile.OpenOptions(encoding: "GBK")] {
            let layer = try VectorFile(path: path, options: options).read(layer: nil)
            let nameIndex = try #require(layer.fieldIndex("name"))
            #expect(layer.features.compactMap { $0.values[nameIndex].text }.contains("香洲区"), "\(layer.textEncoding)")
        }
    }

    @Test(.requires(.gdal, .realData(counties)))
    func geoPackageLayersAreChosenByName() throws {
        let fixtures = try GDALFixtures("gpkg")
        let source = try RealData.require(Self.counties)
        let path = try fixtures.ogr2ogr("areas.gpkg", from: [source], ["-f", "GPKG", "-nln", "counties", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857"])
        try fixtures.ogr2ogr(path, from: [source], ["-update", "-nln", "other", "-where", "name = '香洲区'"])
        let file = try VectorFile(path: path)
        #expect(Set(file.layerNames) == ["counties", "other"])
        #expect(throws: GeoFileError.self) { try file.read(layer: nil) }
        let error = try #require(throws: GeoFileError.self) { try file.read(layer: "nothere") }
        #expect(error.description.contains("counties"))
        let layer = try file.read(layer: "counties")
        #expect(layer.features.count == 124)
        #expect(layer.crs?.epsg == 3857)
        let box = layer.features.compactMap { $0.geometry?.boundingBox }.reduce(BoundingBox.empty) { $0.union($1) }
        #expect(box.minX > 109 && box.maxX < 118 && box.minY > 20 && box.maxY < 26)
    }

    @Test(.requires(.gdal))
    func legacyGeoJSONCRSMemberAnd3DCoordinates() throws {
        let fixtures = try GDALFixtures("legacy-crs")
        let path = try fixtures.write("roads.geojson", """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},
             "features":[{"type":"Feature","properties":{"id":1},"geometry":{"type":"LineString","coordinates":[[12705492.0,2546000.0,12.5],[12705600.0,2546100.0,13.0]]}}]}
            """)
        let layer = try VectorFile(path: path).read(layer: nil)
        #expect(layer.crs?.epsg == 3857)
        guard case .lineString(let line)? = layer.features.first?.geometry else {
            Issue.record("expected a line string")
            return
        }
        #expect(abs(line[0].x - 114.1355) < 0.001)
        #expect(line[0].y > 22 && line[0].y < 23)
    }

    @Test(.requires(.gdal))
    func workbookRowsWithATitleAboveTheHeader() throws {
        let fixtures = try GDALFixtures("xlsx")
        // GDAL's CSV driver wants a delimiter on the first line; an empty row separates S1 and S2.
        let csv = try fixtures.write("list.csv", """
            2020 list of sources,,,
            ,,,
            编号,名称,经度,纬度
            S1,甲厂,113.1,23.1
            ,,,
            S2,"乙,厂",113.2,23.2
            """)
        let path = try fixtures.ogr2ogr("list.xlsx", from: [csv], ["-f", "XLSX", "-oo", "HEADERS=NO", "-nln", "名录"])
        let file = try VectorFile(path: path, options: .init(spreadsheetRows: true))
        let table = try file.table(nil) { $0.contains("编号") }
        #expect(table.isSheet)
        #expect(table.name == "名录")
        #expect(table.columns.prefix(4) == ["编号", "名称", "经度", "纬度"])
        #expect(table.rows.map { $0.cells.first ?? nil } == ["S1", "S2"])
        #expect(table.rows.last?.cells[1] == "乙,厂")
        // Row 1 holds ogr2ogr's field names (field_1…), 2 the title, 3 is empty, 4 the header.
        #expect(table.headerRow == 4)
        #expect(table.rows.map(\.number) == [5, 7])
    }
}
