import { createRoot } from 'react-dom/client';
import { installTheme } from '@/components/theme';
import { declarePageLanguage } from '@/lib/i18n';
import { App } from './App';
import './style.css';
import './sections/sections.css';

installTheme();
declarePageLanguage();
createRoot(document.getElementById('root')!).render(<App />);
