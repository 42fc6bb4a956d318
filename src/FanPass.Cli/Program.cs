Console.WriteLine("fanpass: see README");
return 0;
