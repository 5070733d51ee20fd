using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Earshot.Engines.Tests")]
