using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;

namespace Utilities.Host.Api;

/// <summary>
/// <c>$filter=SubmittedAt ge 2026-11-01T00:00:00+03:00</c> is how a Moscow integrator writes a
/// moment; PostgreSQL's <c>timestamptz</c> (through Npgsql) takes UTC only, so every
/// date-time-with-offset literal is turned into the same moment in UTC before it reaches SQL.
/// </summary>
internal sealed class UtcFilterBinder : FilterBinder
{
    public override Expression BindConstantNode(ConstantNode constantNode, QueryBinderContext context)
    {
        ArgumentNullException.ThrowIfNull(constantNode);
        if (constantNode.Value is DateTimeOffset moment && moment.Offset != TimeSpan.Zero)
            constantNode = new ConstantNode(moment.ToUniversalTime(), constantNode.LiteralText, constantNode.TypeReference);
        return base.BindConstantNode(constantNode, context);
    }
}
