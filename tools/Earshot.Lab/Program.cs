using Earshot.Lab;

return await LabCommandLine.RunAsync(args);
