import Foundation

/// Writes one area level as an RFC 7946 FeatureCollection of MultiPolygons, one feature per
/// line, in code order.
///
/// Rings come from the tracer already counter-clockwise (exteriors) and clockwise (holes) and
/// are closed here by repeating the first position, as RFC 7946 requires.
struct AreaGeoJSONWriter {
    let catalog: AreaCatalog
    let projector: VertexProjector

    /// Returns the number of features and bytes written.
    func write(level: Int, traced: BoundaryTracer.Result, name: String, to url: URL) throws -> (features: Int, bytes: Int) {
        let areas = catalog.levels[level]
        let parents = level > 0 ? catalog.levels[level - 1] : []
        let stride = projector.frame.width + 1
        let bytes = try DatasetFile.write(to: url) { file in
            file.out.text("{\"type\":\"FeatureCollection\",\"name\":")
            file.out.jsonString(name)
            file.out.text(",\"features\":[\n")
            for (n, area) in areas.enumerated() {
                file.out.text("{\"type\":\"Feature\",\"id\":")
                file.out.jsonString(area.code)
                file.out.text(",\"properties\":{\"code\":")
                file.out.jsonString(area.code)
                file.out.text(",\"name\":")
                file.out.jsonString(area.name)
                if area.parent >= 0 && area.parent < parents.count {
                    file.out.text(",\"parent\":")
                    file.out.jsonString(parents[area.parent].code)
                }
                if level == 3 {
                    file.out.text(",\"officer\":")
                    file.out.jsonString(area.officer)
                    file.out.text(",\"officer_phone\":")
                    file.out.jsonString(area.phone)
                }
                file.out.text("},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[")
                var firstPolygon = true
                for polygon in traced.polygons(of: area.label) {
                    if !firstPolygon { file.out.byte(UInt8(ascii: ",")) }
                    firstPolygon = false
                    file.out.byte(UInt8(ascii: "["))
                    var firstRing = true
                    for r in traced.rings(of: polygon) {
                        if !firstRing { file.out.byte(UInt8(ascii: ",")) }
                        firstRing = false
                        let ring = Int(traced.polygonRings[r])
                        let range = traced.vertexRange(of: ring)
                        file.out.byte(UInt8(ascii: "["))
                        for k in range {
                            position(Int(traced.vertices[k]), stride: stride, into: &file.out)
                            file.out.byte(UInt8(ascii: ","))
                        }
                        position(Int(traced.vertices[range.lowerBound]), stride: stride, into: &file.out)
                        file.out.byte(UInt8(ascii: "]"))
                    }
                    file.out.byte(UInt8(ascii: "]"))
                }
                file.out.text(n + 1 < areas.count ? "]}},\n" : "]}}\n")
                try file.flushIfFull()
            }
            file.out.text("]}\n")
        }
        return (areas.count, bytes)
    }

    @inline(__always)
    private func position(_ vertex: Int, stride: Int, into out: inout ByteBuffer) {
        let (lon, lat) = projector.vertex(i: vertex % stride, j: vertex / stride)
        out.byte(UInt8(ascii: "["))
        out.fixed6(lon)
        out.byte(UInt8(ascii: ","))
        out.fixed6(lat)
        out.byte(UInt8(ascii: "]"))
    }
}
