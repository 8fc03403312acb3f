import { runService } from '@mdp/runtime/service-main';
import { createApp } from './app';
import { loadConfig } from './config';
import { SOURCE } from './topics/control-plane';

void runService({ name: SOURCE, loadConfig, createApp });
