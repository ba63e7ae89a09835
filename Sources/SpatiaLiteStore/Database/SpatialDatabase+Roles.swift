import Store

/// One SpatiaLite file plays every role of the store.
extension SpatialDatabase: SourceRegister, RegisterAnalytics, AreaStore, FieldNetwork, AnalysisRunStore, RoutePlanStore,
    CatalogReader, FeatureReader, MetricCRSStore, StoreMaintenance
{
    /// Catalog SQL runs on SQLite with SpatiaLite's functions and R*Tree tables.
    public var sqlDialect: String { "spatialite" }
}
