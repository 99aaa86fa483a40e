using Microsoft.OData.ModelBuilder;

namespace Utilities.Platform.Api;

public static class ODataModelBuilderExtensions
{
    /// <summary>
    /// Adds an entity set whose entity type has a clean EDM name in the module's namespace
    /// (<c>Utilities.Contracts.Building</c>), not the CLR name of the class behind it.
    /// </summary>
    public static EntitySetConfiguration<T> AddEntitySet<T>(this ODataConventionModelBuilder builder, string edmNamespace, string entitySetName, string entityTypeName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var set = builder.EntitySet<T>(entitySetName);
        set.EntityType.Namespace = edmNamespace;
        set.EntityType.Name = entityTypeName;
        return set;
    }
}
