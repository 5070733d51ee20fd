using Earshot.Lab;

return args switch
{
    ["train-analytics", .. var rest] => await AnalyticsTraining.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tools/Earshot.Lab -- COMMAND

          train-analytics [--eval DIR] [--models DIR] [--out DIR] [--threads N]
                trains the speech, gender, arousal and emotions classifiers of the audio analytics jobs on the
                eval data's training splits, prints their held-out figures and writes the weight files
                (default --eval ../shared/eval, --models models, --out src/Earshot.Engines/Analytics/Models)
        """);
    return 2;
}
