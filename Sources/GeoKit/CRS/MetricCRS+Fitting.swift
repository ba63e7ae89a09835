import Foundation

extension MetricCRS {
    /// China's rough bounding region, 73–136° E, 18–54° N (the mainland and Hainan; the South
    /// China Sea islands lie outside): data whose whole extent is inside gets a CGCS2000 zone.
    ///
    /// A box, not a border: its neighbours inside it (Mongolia, the Korean peninsula, northern
    /// Vietnam, Kyushu) get a CGCS2000 3-degree zone too, which measures them as accurately as
    /// their UTM zone would (a closer central meridian and the same ellipsoid to 0.1 mm); a user
    /// who wants the UTM zone names it with `--metric-crs`.
    public static let chinaRegion = BoundingBox(minX: 73, minY: 18, maxX: 136, maxY: 54)

    /// The metric system a dataset with this longitude/latitude extent gets by default: the
    /// transverse Mercator zone nearest its centre (`zone(for:)`) when that keeps short distances
    /// within 0.5 % and areas within 1 % over the whole extent, with a margin (`zoneMargin`), else
    /// the Albers equal-area conic fitted to it (`equalArea(fittedTo:)`).
    ///
    /// The zone's bound is its scale: `1 + x²/2R²` at `x` from the central meridian, so 0.5 %
    /// allows about ±630 km (±660 km for UTM, whose 0.9996 centre lowers it) and 1 % of area about
    /// the same; the choice keeps a margin below them (`zoneMargin`). Past that the conic: its areas stay exact however wide the data, and its distance
    /// error depends on the latitude range only (0.42 % across Xinjiang's 15°, 1.2 % across the
    /// continental USA's 25°). Past `Tolerance.continentDistance` (China's 36° of latitude,
    /// the world) no projection keeps distances: the conic then comes with distances measured
    /// on the ellipsoid (`Distances.geodesic`), and serves for the square cells and maps only.
    ///
    /// The extent's longitudes may run past 180 for data across the antimeridian (`170…190`);
    /// `fitting(covering:)` finds such an extent from points. Nil for an empty extent or one
    /// whose latitudes are not in −90…90.
    public static func fitting(_ extent: BoundingBox) -> MetricCRS? {
        guard let zone = zone(for: extent), let conic = equalArea(fittedTo: extent) else { return nil }
        let tolerance = MapDistortion.Tolerance.self
        let margin = zoneMargin
        if zone.distortion(over: extent).isWithin(distance: margin * tolerance.provinceDistance, area: margin * tolerance.cellArea) {
            return zone
        }
        // Past what any projection keeps (a whole country, the world), distances are measured
        // on the ellipsoid; the conic still keeps the square cells' areas and draws the maps.
        if conic.distortion(over: extent).distance > tolerance.continentDistance {
            return conic.measuringOnTheEllipsoid
        }
        return conic
    }

    /// The share of the tolerances a zone may use up over the first data's extent: later files
    /// are measured in the same system and often reach a little past it (sources off the coast,
    /// a neighbouring county), where a zone's error grows with the square of the distance from
    /// its meridian. Heilongjiang, 7.8° west of CM 129° E at its edge, uses 0.48 % and 0.98 %:
    /// too close to the limits, so it gets the conic (0.22 %, areas exact).
    static let zoneMargin = 0.8

    /// `fitting(_:)` for the extent of these longitude/latitude points (`extent(covering:)`).
    /// Nil for none.
    public static func fitting(covering coordinates: some Sequence<Coordinate>) -> MetricCRS? {
        extent(covering: coordinates).flatMap(fitting)
    }

    /// The longitude/latitude extent of points, taking the shorter way round the globe (points
    /// in Fiji on both sides of 180° span 2°, not 358°: its longitudes may run past 180). Nil
    /// for none.
    public static func extent(covering coordinates: some Sequence<Coordinate>) -> BoundingBox? {
        var latitudes = BoundingBox.empty
        var longitudes: [Double] = []
        for coordinate in coordinates {
            longitudes.append(coordinate.x)
            latitudes.expand(toInclude: Coordinate(0, coordinate.y))
        }
        guard let arc = Longitude.shortestArc(covering: longitudes) else { return nil }
        return BoundingBox(minX: arc.lowerBound, minY: latitudes.minY, maxX: arc.upperBound, maxY: latitudes.maxY)
    }

    /// The transverse Mercator zone for an extent: in `chinaRegion`, the CGCS2000 3-degree
    /// Gauss-Krüger zone whose central meridian is nearest the extent's centre (EPSG:4534–4554);
    /// elsewhere the WGS 84 UTM zone containing the centre, north or south by the centre's
    /// hemisphere (the regular 6° grid, without the Norway and Svalbard exceptions). Nil for an
    /// empty or invalid extent.
    public static func zone(for extent: BoundingBox) -> MetricCRS? {
        guard let centre = validCentre(of: extent) else { return nil }
        if chinaRegion.contains(Coordinate(extent.minX, extent.minY)), chinaRegion.contains(Coordinate(extent.maxX, extent.maxY)) {
            let meridian = 75 + 3 * Int(((centre.x - 75) / 3).rounded())
            return cgcs2000Zone(centralMeridian: min(135, max(75, meridian)))
        }
        let zone = min(60, max(1, Int(((centre.x + 180) / 6).rounded(.down)) + 1))
        return utmZone(zone, south: centre.y < 0)
    }

    /// The Albers equal-area conic for an extent: central meridian at its centre, standard
    /// parallels fitted to its latitudes (`AlbersEqualArea.fitted`), on GRS80 in `chinaRegion`
    /// and WGS84 elsewhere (as the zone there would be). Nil for an empty or invalid extent.
    public static func equalArea(fittedTo extent: BoundingBox) -> MetricCRS? {
        guard let centre = validCentre(of: extent) else { return nil }
        let ellipsoid: Ellipsoid = chinaRegion.contains(centre) ? .grs80 : .wgs84
        return MetricCRS(
            .albersEqualArea(
                .fitted(latitudes: extent.minY...extent.maxY, centralMeridian: centre.x, ellipsoid: ellipsoid)))
    }

    /// The centre of a non-empty extent with finite longitudes and latitudes in −90…90, its
    /// longitude in −180…180.
    private static func validCentre(of extent: BoundingBox) -> Coordinate? {
        guard !extent.isEmpty, extent.minX.isFinite, extent.maxX.isFinite, extent.minY >= -90, extent.maxY <= 90 else {
            return nil
        }
        return Coordinate(Longitude.normalized((extent.minX + extent.maxX) / 2), (extent.minY + extent.maxY) / 2)
    }
}
