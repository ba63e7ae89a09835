import Foundation
import GeoKit
import Hummingbird
import Store

/// The query parameters of `/collections/{id}/items`, checked and turned into a `FeatureQuery`.
///
/// Every refusal is a `Problem` naming the parameter and what was expected. Parameters the
/// API does not define are refused too (OGC API - Features, /req/core/query-param-unknown),
/// so a typo such as `stauts=unlicensed` is not silently ignored.
struct ItemsRequest {
    static let reserved: Set<String> = ["bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "f"]
    /// `attributes.LAW=CAA` filters on a register column kept as an attribute.
    static let attributePrefix = "attributes."
    static let crs84 = ["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4326"]

    /// The query, and the parameters to repeat in `next`/`prev` links (all but `offset`).
    static func parse(_ request: Request, collection: FeatureCollectionDefinition, configuration: ServerConfiguration) throws -> (FeatureQuery, [(String, String)]) {
        var query = FeatureQuery(collection: collection, limit: configuration.defaultItemLimit)
        var carried: [(String, String)] = []
        for (key, value) in request.uri.queryParameters {
            let name = String(key), text = String(value)
            switch name {
            case "bbox": query.bbox = try bbox(text)
            case "bbox-crs", "crs":
                guard crs84.contains(text) else {
                    throw Problem.badParameter(name, "\(name)=\(text) is not offered; coordinates are CRS84 (\(crs84[0]))")
                }
            case "limit":
                guard let limit = Int(text), limit >= 1 else {
                    throw Problem.badParameter("limit", "limit=\(text) is not valid; expected a whole number from 1 (larger than \(configuration.maximumItemLimit) is reduced to it)")
                }
                query.limit = min(limit, configuration.maximumItemLimit)
                carried.append(("limit", String(query.limit)))
                continue
            case "offset":
                guard let offset = Int(text), offset >= 0 else {
                    throw Problem.badParameter("offset", "offset=\(text) is not valid; expected a whole number from 0")
                }
                query.offset = offset
                continue
            case "datetime": query.dates = try dates(text, collection: collection)
            case "f": break
            case _ where name.hasPrefix(Self.attributePrefix) && collection.property(named: "attributes") != nil:
                // A kept register column; the controller checks the name against the store's.
                query.attributes[String(name.dropFirst(Self.attributePrefix.count))] = text
            default:
                guard let property = collection.property(named: name), property.queryable else {
                    let names = collection.queryables.map(\.name)
                    throw Problem.badParameter(
                        name, "\(name) is not a parameter of \(collection.id) items; the queryable properties are \(names.joined(separator: ", ")), and the other parameters \(reserved.sorted().joined(separator: ", "))")
                }
                if let vocabulary = property.vocabulary {
                    guard let canonical = vocabulary.canonical(text) else {
                        throw Problem.badParameter(name, "\(name)=\(text) is not valid; expected one of \(vocabulary.values.joined(separator: ", "))")
                    }
                    query.equals[name] = canonical
                } else {
                    query.equals[name] = text
                }
            }
            carried.append((name, text))
        }
        return (query, carried)
    }

    /// `minlon,minlat,maxlon,maxlat`, or the 6-number form with heights (which are ignored).
    static func bbox(_ text: String) throws -> BoundingBox {
        let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 4 || numbers.count == 6, numbers.allSatisfy({ $0?.isFinite == true }) else {
            throw Problem.badParameter("bbox", "bbox=\(text) is not valid; expected 4 numbers minlon,minlat,maxlon,maxlat (or 6 with heights)")
        }
        let n = numbers.map { $0! }
        let box = n.count == 4
            ? BoundingBox(minX: n[0], minY: n[1], maxX: n[2], maxY: n[3])
            : BoundingBox(minX: n[0], minY: n[1], maxX: n[3], maxY: n[4])
        guard box.minY <= box.maxY, box.minY >= -90, box.maxY <= 90 else {
            throw Problem.badParameter("bbox", "bbox=\(text) is not valid; latitudes must lie in -90…90 with the smaller first")
        }
        guard box.minX <= box.maxX, box.minX >= -180, box.maxX <= 180 else {
            throw Problem.badParameter("bbox", "bbox=\(text) is not valid; longitudes must lie in -180…180 with the smaller first (boxes across the antimeridian are not supported)")
        }
        return box
    }

    /// An instant or an interval (`start/end`, either side may be `..` or empty), as days.
    static func dates(_ text: String, collection: FeatureCollectionDefinition) throws -> FeatureQuery.DateRange {
        guard collection.temporalProperty != nil else {
            throw Problem.badParameter("datetime", "collection \(collection.id) has no dates to filter on")
        }
        func day(_ part: Substring) throws -> String? {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == ".." { return nil }
            let datePart = String(trimmed.prefix(10))
            guard DateText.isValidDay(datePart), trimmed.count == 10 || trimmed.dropFirst(10).first == "T" else {
                throw Problem.badParameter("datetime", "datetime=\(text) is not valid; expected a date or date-time (RFC 3339) or an interval start/end, with .. for an open end")
            }
            return datePart
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let instant = try day(parts[0]) else {
                throw Problem.badParameter("datetime", "datetime=\(text) is not valid; expected a date, or an interval start/end")
            }
            return FeatureQuery.DateRange(start: instant, end: instant)
        case 2:
            let range = FeatureQuery.DateRange(start: try day(parts[0]), end: try day(parts[1]))
            if let start = range.start, let end = range.end, start > end {
                throw Problem.badParameter("datetime", "datetime=\(text) is not valid; the interval ends before it starts")
            }
            return range
        default:
            throw Problem.badParameter("datetime", "datetime=\(text) is not valid; expected a date, or an interval start/end")
        }
    }
}

import PermitWatch
