using Earshot.Audio;
using Earshot.Server.Files;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

/// <summary>Runs an upload-handling route body in a scratch directory that is always removed, mapping undecodable media to a problem.</summary>
public static class Uploads
{
    /// <summary>The problem response for a refused upload.</summary>
    public static ProblemHttpResult Problem(UploadRejection rejection) => Problems.Problem(rejection.StatusCode, "Upload rejected", rejection.Detail);

    public static async Task<TResult> HandleAsync<TResult>(IFileStore store, Func<string, Task<TResult>> body, Func<ProblemHttpResult, TResult> problem)
    {
        var temp = store.CreateTempDirectory();
        try
        {
            return await body(temp);
        }
        catch (MediaException ex)
        {
            return problem(Problems.Validation(ex.Message));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
