using FluentMigrator.Runner.VersionTableInfo;

namespace Utilities.Platform.Data;

/// <summary>
/// FluentMigrator's version table for one module, inside that module's own schema. One runner
/// per module: a single runner over all assemblies would see equal version numbers collide.
/// </summary>
internal sealed class ModuleVersionTable(string schema, string tableName = "version_info") : IVersionTableMetaData
{
    public bool OwnsSchema => true;

    public string SchemaName => schema;

    public string TableName => tableName;

    public string ColumnName => "version";

    public string DescriptionColumnName => "description";

    public string UniqueIndexName => $"uc_{tableName}_version";

    public string AppliedOnColumnName => "applied_on";

    public bool CreateWithPrimaryKey => false;
}
