using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;

namespace Utilities.Platform.Api;

/// <summary>
/// <see cref="EnableQueryAttribute"/> with the integrators' API limits (server paging, <c>$top</c>,
/// <c>$expand</c> depth, expression size) and error bodies that say what is wrong and nothing
/// more: OData's own bad-request body carries the exception's type and stack trace.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class ApiQueryAttribute : EnableQueryAttribute
{
    public ApiQueryAttribute()
    {
        PageSize = ApiLimits.PageSize;
        MaxTop = ApiLimits.MaxTop;
        MaxSkip = ApiLimits.MaxSkip;
        MaxExpansionDepth = ApiLimits.MaxExpansionDepth;
        MaxNodeCount = ApiLimits.MaxNodeCount;
        MaxAnyAllExpressionDepth = ApiLimits.MaxAnyAllExpressionDepth;
        MaxOrderByNodeCount = ApiLimits.MaxOrderByNodeCount;
    }

    public override void OnActionExecuting(ActionExecutingContext actionExecutingContext)
    {
        ArgumentNullException.ThrowIfNull(actionExecutingContext);
        base.OnActionExecuting(actionExecutingContext);
        actionExecutingContext.Result = WithoutDetails(actionExecutingContext.Result);
    }

    public override void OnActionExecuted(ActionExecutedContext actionExecutedContext)
    {
        ArgumentNullException.ThrowIfNull(actionExecutedContext);
        base.OnActionExecuted(actionExecutedContext);
        actionExecutedContext.Result = WithoutDetails(actionExecutedContext.Result);
    }

    private static IActionResult? WithoutDetails(IActionResult? result) =>
        result is ObjectResult { Value: SerializableError error } bad
            ? new ObjectResult(new ODataError
            {
                Code = "BadRequest",
                Message = error.TryGetValue("Message", out var message) ? message as string : "The query is not valid.",
            })
            { StatusCode = bad.StatusCode ?? StatusCodes.Status400BadRequest }
            : result;
}
