using Earshot.Audio;
using Earshot.Server.Files;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

/// <summary>Runs an upload-handling route body in a scratch directory that is always removed, mapping bad input to problems.</summary>
public static class Uploads
{
    public static async Task<TResult> HandleAsync<TResult>(IFileStore store, Func<string, Task<TResult>> body, Func<ProblemHttpResult, TResult> problem)
    {
        var temp = store.CreateTempDirectory();
        try
        {
            return await body(temp);
        }
        catch (UploadException ex)
        {
            return problem(Problems.Problem(ex.StatusCode, "Upload rejected", ex.Message));
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
